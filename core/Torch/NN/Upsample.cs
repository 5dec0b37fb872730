// Resampling by a scale factor or to a size (nearest, bilinear, trilinear): module, factory, functional form.
namespace PacsSeg.Torch.NN;

public sealed class Upsample : Module<Tensor, Tensor>
{
    public Upsample(double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        ScaleFactor = scaleFactor;
        Mode = mode;
        AlignCorners = alignCorners;
    }

    public double ScaleFactor { get; }
    public InterpolationMode Mode { get; }
    public bool AlignCorners { get; }

    public override Tensor Forward(Tensor input) => Functional.Interpolate(input, null, ScaleFactor, Mode, AlignCorners);
}

public static partial class Nn
{
    public static Upsample Upsample(double scaleFactor, InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false) =>
        new(scaleFactor, mode, alignCorners);
}

public static partial class Functional
{
    /// <summary>As F.interpolate: to <paramref name="size"/> or by <paramref name="scaleFactor"/>; linear mode is
    /// bilinear for 4-D input and trilinear for 5-D input.</summary>
    public static Tensor Interpolate(Tensor input, long[]? size = null, double? scaleFactor = null,
        InterpolationMode mode = InterpolationMode.Nearest, bool alignCorners = false)
    {
        int spatial = input.Dim - 2;
        if (spatial is < 1 or > 3)
            throw new TorchException("interpolate", $"needs 3-D to 5-D input, got {Tensor.FormatShape(input.Shape)}");
        if ((size is null) == (scaleFactor is null))
            throw new TorchException("interpolate", "give exactly one of size and scale factor");
        OpArg sizeArg = size;
        OpArg scales = scaleFactor is { } s ? Enumerable.Repeat(s, spatial).ToArray() : OpArg.None;
        if (mode == InterpolationMode.Nearest)
        {
            string op = spatial switch { 1 => "aten::upsample_nearest1d", 2 => "aten::upsample_nearest2d", _ => "aten::upsample_nearest3d" };
            return Aten.Call(op, "vec", input, sizeArg, scales);
        }
        string lin = spatial switch { 1 => "aten::upsample_linear1d", 2 => "aten::upsample_bilinear2d", _ => "aten::upsample_trilinear3d" };
        return Aten.Call(lin, "vec", input, sizeArg, alignCorners, scales);
    }
}
