// Convolution over 1, 2 or 3 spatial dimensions: the module, its factories and functional forms.
namespace PacsSeg.Torch.NN;

public sealed class Conv : Module<Tensor, Tensor>
{
    public Conv(int dimensions, long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true)
    {
        if (dimensions is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(dimensions), "1, 2 or 3 spatial dimensions");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"channels {inChannels}->{outChannels} not divisible by groups {groups}");
        Dimensions = dimensions;
        Stride = Repeat(stride, dimensions);
        Padding = Repeat(padding, dimensions);
        Dilation = Repeat(dilation, dimensions);
        Groups = groups;
        (Weight, Bias) = RegisterWeightAndBias(KernelShape(outChannels, inChannels / groups, dimensions, kernelSize), outChannels, bias);
    }

    public int Dimensions { get; }
    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) =>
        Functional.ConvNd(Dimensions, input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <summary>[first, second, k, k, ...] with one k per spatial dimension.</summary>
    internal static long[] KernelShape(long first, long second, int dimensions, long kernelSize)
    {
        var shape = new long[2 + dimensions];
        shape[0] = first;
        shape[1] = second;
        for (int i = 0; i < dimensions; i++)
            shape[2 + i] = kernelSize;
        return shape;
    }

    internal static long[] Repeat(long v, int n)
    {
        var r = new long[n];
        Array.Fill(r, v);
        return r;
    }
}

public static partial class Nn
{
    public static Conv Conv1d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true) =>
        new(1, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);

    public static Conv Conv2d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true) =>
        new(2, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);

    public static Conv Conv3d(long inChannels, long outChannels, long kernelSize, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1, bool bias = true) =>
        new(3, inChannels, outChannels, kernelSize, stride, padding, dilation, groups, bias);
}

public static partial class Functional
{
    public static Tensor ConvNd(int dimensions, Tensor input, Tensor weight, Tensor? bias, long[] stride, long[] padding,
        long[] dilation, long groups = 1) =>
        Aten.Call(dimensions switch { 1 => "aten::conv1d", 2 => "aten::conv2d", 3 => "aten::conv3d",
                _ => throw new ArgumentOutOfRangeException(nameof(dimensions)) },
            "", input, weight, bias, stride, padding, dilation, groups);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        ConvNd(2, input, weight, bias, [stride, stride], [padding, padding], [dilation, dilation], groups);

    public static Tensor Conv3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long dilation = 1, long groups = 1) =>
        ConvNd(3, input, weight, bias, [stride, stride, stride], [padding, padding, padding], [dilation, dilation, dilation], groups);
}
