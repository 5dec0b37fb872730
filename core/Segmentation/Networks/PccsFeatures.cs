using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Networks;

/// <summary>PCCS's multi-level feature: e1, e2, e3 of the UNet encoder resized to e2's size and concatenated.</summary>
public static class PccsFeatures
{
    public static Tensor Concatenate(IReadOnlyList<Tensor> encoderFeatures)
    {
        ArgumentNullException.ThrowIfNull(encoderFeatures);
        if (encoderFeatures.Count < 4)
            throw new ArgumentException("needs the UNet's encoder features e0..e3 at least", nameof(encoderFeatures));
        using var scope = DisposeScope.Enter();
        var e2 = encoderFeatures[2];
        long[] size = e2.Shape[2..];
        var e1 = Functional.Interpolate(encoderFeatures[1], size, null, InterpolationMode.Linear, alignCorners: true);
        var e3 = Functional.Interpolate(encoderFeatures[3], size, null, InterpolationMode.Linear, alignCorners: true);
        return Tensor.Cat([e1, e2, e3], 1).MoveToOuterScope();
    }
}
