// Transposed convolution over 2 or 3 spatial dimensions: module, factories, functional forms.
namespace PacsSeg.Torch.NN;

public sealed class ConvTranspose : Module<Tensor, Tensor>
{
    public ConvTranspose(int dimensions, long inChannels, long outChannels, long kernelSize, long stride = 1,
        long padding = 0, long outputPadding = 0, long groups = 1, bool bias = true, long dilation = 1)
    {
        if (dimensions is < 1 or > 3)
            throw new ArgumentOutOfRangeException(nameof(dimensions), "1, 2 or 3 spatial dimensions");
        Dimensions = dimensions;
        Stride = Conv.Repeat(stride, dimensions);
        Padding = Conv.Repeat(padding, dimensions);
        OutputPadding = Conv.Repeat(outputPadding, dimensions);
        Dilation = Conv.Repeat(dilation, dimensions);
        Groups = groups;
        (Weight, Bias) = RegisterWeightAndBias(Conv.KernelShape(inChannels, outChannels / groups, dimensions, kernelSize), outChannels, bias);
    }

    public int Dimensions { get; }
    public long[] Stride { get; }
    public long[] Padding { get; }
    public long[] OutputPadding { get; }
    public long[] Dilation { get; }
    public long Groups { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) =>
        Functional.ConvTransposeNd(Dimensions, input, Weight, Bias, Stride, Padding, OutputPadding, Groups, Dilation);
}

public static partial class Nn
{
    public static ConvTranspose ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride = 1,
        long padding = 0, long outputPadding = 0, long groups = 1, bool bias = true) =>
        new(2, inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias);

    public static ConvTranspose ConvTranspose3d(long inChannels, long outChannels, long kernelSize, long stride = 1,
        long padding = 0, long outputPadding = 0, long groups = 1, bool bias = true) =>
        new(3, inChannels, outChannels, kernelSize, stride, padding, outputPadding, groups, bias);
}

public static partial class Functional
{
    public static Tensor ConvTransposeNd(int dimensions, Tensor input, Tensor weight, Tensor? bias, long[] stride,
        long[] padding, long[] outputPadding, long groups, long[] dilation) =>
        Aten.Call(dimensions switch { 1 => "aten::conv_transpose1d", 2 => "aten::conv_transpose2d", 3 => "aten::conv_transpose3d",
                _ => throw new ArgumentOutOfRangeException(nameof(dimensions)) },
            dimensions == 1 ? "" : "input", input, weight, bias, stride, padding, outputPadding, groups, dilation);

    public static Tensor ConvTranspose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1) =>
        ConvTransposeNd(2, input, weight, bias, [stride, stride], [padding, padding], [outputPadding, outputPadding], groups, [1, 1]);

    public static Tensor ConvTranspose3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0,
        long outputPadding = 0, long groups = 1) =>
        ConvTransposeNd(3, input, weight, bias, [stride, stride, stride], [padding, padding, padding],
            [outputPadding, outputPadding, outputPadding], groups, [1, 1, 1]);
}
