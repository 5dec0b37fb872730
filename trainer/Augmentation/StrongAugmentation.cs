// SPC's strong view (SPEC 1.12): from the weak view, brightness/contrast jitter, then with probability ½
// a Gaussian blur of radius U[0.1, 2.0]; optionally additive noise and a cutout box.
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Augmentation;

/// <summary>Settings of the strong (photometric) view.</summary>
public sealed record StrongAugmentation
{
    public double Brightness { get; init; } = 0.8;
    public double Contrast { get; init; } = 0.8;
    public double BlurProbability { get; init; } = 0.5;
    public double BlurRadiusMin { get; init; } = 0.1;
    public double BlurRadiusMax { get; init; } = 2.0;
    /// <summary>Gaussian noise sigma (0: none; SPC uses none).</summary>
    public double NoiseSigma { get; init; }
    /// <summary>Probability of one cutout box (0: none; SPC uses none).</summary>
    public double CutoutProbability { get; init; }
    public double CutoutFraction { get; init; } = 0.25;

    /// <summary>A strong view of <paramref name="weak"/> (a new patch; the label is shared geometry, copied).</summary>
    public ImagePatch Apply(ImagePatch weak, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(weak);
        ArgumentNullException.ThrowIfNull(random);
        var strong = weak.Clone();
        IntensityTransforms.ColorJitter(strong.Image, Brightness, Contrast, random);
        if (random.Chance(BlurProbability))
            IntensityTransforms.Blur8Bit(strong.Image, strong.SizeX, strong.SizeY, strong.SizeZ, random.Uniform(BlurRadiusMin, BlurRadiusMax));
        if (NoiseSigma > 0)
            ArrayFilters.AddGaussianNoise(strong.Image, NoiseSigma, random);
        if (CutoutProbability > 0 && random.Chance(CutoutProbability))
            IntensityTransforms.Cutout(strong, CutoutFraction, 0, random);
        return strong;
    }
}
