// Max pooling over 2 or 3 spatial dimensions: module, factories, functional forms.
namespace PacsSeg.Torch.NN;

public sealed class MaxPool : Module<Tensor, Tensor>
{
    public MaxPool(int dimensions, long kernelSize, long? stride = null, long padding = 0)
    {
        if (dimensions is not (2 or 3))
            throw new ArgumentOutOfRangeException(nameof(dimensions), "2 or 3 spatial dimensions");
        Dimensions = dimensions;
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
    }

    public int Dimensions { get; }
    public long KernelSize { get; }
    public long Stride { get; }
    public long Padding { get; }

    public override Tensor Forward(Tensor input) => Dimensions == 2
        ? Functional.MaxPool2d(input, KernelSize, Stride, Padding)
        : Functional.MaxPool3d(input, KernelSize, Stride, Padding);
}

public static partial class Nn
{
    public static MaxPool MaxPool2d(long kernelSize, long? stride = null, long padding = 0) => new(2, kernelSize, stride, padding);

    public static MaxPool MaxPool3d(long kernelSize, long? stride = null, long padding = 0) => new(3, kernelSize, stride, padding);
}

public static partial class Functional
{
    public static Tensor MaxPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0) =>
        Aten.Call("aten::max_pool2d", "", input, Conv.Repeat(kernelSize, 2), Conv.Repeat(stride ?? kernelSize, 2),
            Conv.Repeat(padding, 2), Conv.Repeat(1, 2), false);

    public static Tensor MaxPool3d(Tensor input, long kernelSize, long? stride = null, long padding = 0) =>
        Aten.Call("aten::max_pool3d", "", input, Conv.Repeat(kernelSize, 3), Conv.Repeat(stride ?? kernelSize, 3),
            Conv.Repeat(padding, 3), Conv.Repeat(1, 3), false);

    public static Tensor AvgPool2d(Tensor input, long kernelSize, long? stride = null, long padding = 0) =>
        Aten.Call("aten::avg_pool2d", "", input, Conv.Repeat(kernelSize, 2), Conv.Repeat(stride ?? kernelSize, 2), Conv.Repeat(padding, 2));

    public static Tensor AvgPool3d(Tensor input, long kernelSize, long? stride = null, long padding = 0) =>
        Aten.Call("aten::avg_pool3d", "", input, Conv.Repeat(kernelSize, 3), Conv.Repeat(stride ?? kernelSize, 3), Conv.Repeat(padding, 3));

    /// <summary>Adaptive average pooling to <paramref name="outputSize"/> per spatial dimension (rank from its length).</summary>
    public static Tensor AdaptiveAvgPool(Tensor input, long[] outputSize) => outputSize.Length switch
    {
        1 => Aten.Call("aten::adaptive_avg_pool1d", "", input, outputSize),
        2 => Aten.Call("aten::adaptive_avg_pool2d", "", input, outputSize),
        3 => Aten.Call("aten::adaptive_avg_pool3d", "", input, outputSize),
        _ => throw new ArgumentOutOfRangeException(nameof(outputSize)),
    };
}
