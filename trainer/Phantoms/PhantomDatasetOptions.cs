namespace PacsSeg.Trainer.Phantoms;

/// <summary>What <see cref="PhantomDataset.Write"/> generates: kind, split sizes and seed.</summary>
public sealed record PhantomDatasetOptions
{
    public PhantomKind Kind { get; init; } = PhantomKind.Cardiac2D;
    public int Labeled { get; init; } = 8;
    public int Unlabeled { get; init; } = 72;
    public int Test { get; init; } = 20;
    public int Seed { get; init; } = 1;
    /// <summary>In-plane size in voxels; 0 takes the kind's default.</summary>
    public int Size { get; init; }
    /// <summary>Slices of a 3D case; 0 takes the kind's default.</summary>
    public int Slices { get; init; }
    /// <summary>Keep the labels of the unlabeled pool in labelsUnlabeled/ (for the full-label upper bound).</summary>
    public bool KeepUnlabeledLabels { get; init; } = true;
    /// <summary>Scanner and slice-position variation between cases (cardiac kinds only).</summary>
    public PhantomVariation Variation { get; init; } = PhantomVariation.Standard;

    public int Total => Labeled + Unlabeled + Test;

    internal void Validate()
    {
        if (Labeled < 1 || Unlabeled < 0 || Test < 0 || Total > 100_000)
            throw new ArgumentException($"Need at least one labeled case and non-negative counts (got {Labeled}/{Unlabeled}/{Test}).");
        if (Size < 0 || Slices < 0)
            throw new ArgumentException("Size and slices must be non-negative (0 = default).");
        if (Variation != PhantomVariation.Standard && Kind == PhantomKind.Abdominal3D)
            throw new ArgumentException("Variation applies to the cardiac phantoms only.");
    }
}
