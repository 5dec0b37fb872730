namespace PacsSeg.Trainer.Planning;

/// <summary>What the user may force on the planner; null leaves the choice to the fingerprint.</summary>
public sealed record PlanOptions
{
    /// <summary>2 or 3; null: 2 for single-slice or strongly anisotropic data (z spacing ≥ 3× in-plane), else 3.</summary>
    public int? Dimensionality { get; init; }
    public IReadOnlyList<int>? PatchSize { get; init; }
    public NormalizationScheme? Normalization { get; init; }
    public int? LabeledBatchSize { get; init; }
    public int? UnlabeledBatchSize { get; init; }
    public int? Iterations { get; init; }
    /// <summary>Initial learning rate; null: 0.01.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Learning-rate schedule; null: poly for 2D plans, step for 3D.</summary>
    public LearningRateSchedule? Schedule { get; init; }
    /// <summary>Largest 3D patch in voxels (96³ by default, the AUA pancreas patch).</summary>
    public long VoxelBudget3D { get; init; } = 96L * 96 * 96;
    /// <summary>Largest 2D patch side (SPEC: 256).</summary>
    public int MaxPatchSide2D { get; init; } = 256;
    public int Seed { get; init; } = 1337;
    /// <summary>Network architecture (a name known to NetworkFactory); null: unet2d for 2D plans, vnet3d for 3D.</summary>
    public string? Architecture { get; init; }
    /// <summary>Channel widths per level; null: the architecture's default. Small widths make small, fast models.</summary>
    public IReadOnlyList<int>? Widths { get; init; }
}
