using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>
/// Settings of the cardiac-like MR phantom. <see cref="SizeZ"/> = 1 gives a 2D image; more gives a short-axis
/// stack from base to apex (as ACDC, thick slices).
/// </summary>
public sealed record CardiacPhantomOptions
{
    public int SizeX { get; init; } = 128;
    public int SizeY { get; init; } = 128;
    public int SizeZ { get; init; } = 1;
    public Vec3 Spacing { get; init; } = new(1.5, 1.5, 8.0);
    /// <summary>Rician noise sigma as a fraction of the blood-pool intensity.</summary>
    public double NoiseFraction { get; init; } = 0.05;
    /// <summary>Peak-to-peak amplitude of the multiplicative bias field (log scale).</summary>
    public double BiasAmplitude { get; init; } = 0.4;
    /// <summary>Gaussian blur sigma in voxels (in-plane), the scanner's point spread.</summary>
    public double BlurSigma { get; init; } = 0.7;
    /// <summary>Sub-samples per in-plane axis for partial-volume intensities at tissue borders.</summary>
    public int PartialVolumeSamples { get; init; } = 3;
    /// <summary>
    /// <see cref="PhantomVariation.Wide"/>: per case, noise x0.4..3, bias x0.5..3, blur x0.7..2, a tissue-contrast
    /// gamma of 0.6..1.6 and (2D) a slice position anywhere from base to near the apex; drawn from a stream of
    /// their own, so a Standard case is unchanged.
    /// </summary>
    public PhantomVariation Variation { get; init; } = PhantomVariation.Standard;

    public static CardiacPhantomOptions TwoD(int size = 128) => new() { SizeX = size, SizeY = size, SizeZ = 1 };

    public static CardiacPhantomOptions ThreeD(int size = 96, int slices = 10) => new() { SizeX = size, SizeY = size, SizeZ = slices };

    internal void Validate()
    {
        if (SizeX < 32 || SizeY < 32 || SizeZ < 1 || SizeX > 1024 || SizeY > 1024 || SizeZ > 512)
            throw new ArgumentException($"Cardiac phantom size must be 32..1024 in-plane and 1..512 slices, got {SizeX}x{SizeY}x{SizeZ}.");
        if (NoiseFraction < 0 || BiasAmplitude < 0 || BlurSigma < 0 || PartialVolumeSamples < 1 || PartialVolumeSamples > 8)
            throw new ArgumentException("Noise, bias and blur must be non-negative; partial-volume samples 1..8.");
    }
}
