using PacsSeg.Imaging.Geometry;

namespace PacsSeg.Trainer.Phantoms;

/// <summary>Settings of the abdominal-like CT phantom (intensities in Hounsfield units).</summary>
public sealed record AbdominalPhantomOptions
{
    public int SizeX { get; init; } = 96;
    public int SizeY { get; init; } = 96;
    public int SizeZ { get; init; } = 48;
    public Vec3 Spacing { get; init; } = new(1.2, 1.2, 2.0);
    /// <summary>Gaussian noise sigma in HU.</summary>
    public double NoiseHu { get; init; } = 12;
    /// <summary>Gaussian blur sigma in voxels.</summary>
    public double BlurSigma { get; init; } = 0.7;
    /// <summary>Sub-samples per axis for partial-volume intensities.</summary>
    public int PartialVolumeSamples { get; init; } = 2;

    internal void Validate()
    {
        if (SizeX < 32 || SizeY < 32 || SizeZ < 16 || SizeX > 1024 || SizeY > 1024 || SizeZ > 1024)
            throw new ArgumentException($"Abdominal phantom size must be 32..1024 in-plane and 16..1024 slices, got {SizeX}x{SizeY}x{SizeZ}.");
        if (NoiseHu < 0 || BlurSigma < 0 || PartialVolumeSamples < 1 || PartialVolumeSamples > 4)
            throw new ArgumentException("Noise and blur must be non-negative; partial-volume samples 1..4.");
    }
}
