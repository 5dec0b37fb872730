// Stage 2 of the trainer: everything a run needs to know besides the method, written to plan_<name>.json.
namespace PacsSeg.Trainer.Planning;

/// <summary>
/// The plan of a training run: geometry (dimensionality, patch, target spacing), normalisation, batch
/// composition and the shared optimisation hyperparameters (SPEC 1.2-1.4 defaults).
/// </summary>
public sealed record TrainingPlan
{
    public required string Name { get; init; }
    public required string DatasetName { get; init; }
    /// <summary>2 (slice-wise) or 3.</summary>
    public required int Dimensionality { get; init; }
    /// <summary>Patch size (x, y, z); z = 1 for 2D plans.</summary>
    public required IReadOnlyList<int> PatchSize { get; init; }
    /// <summary>Spacing (x, y, z) in mm the images are resampled to.</summary>
    public required IReadOnlyList<double> TargetSpacing { get; init; }
    public required IntensityNormalization Normalization { get; init; }
    public required IReadOnlyList<string> ClassNames { get; init; }
    public int ClassCount => ClassNames.Count;
    /// <summary>"unet2d" (SPEC 1.5 UNet-2D) or "vnet3d".</summary>
    public required string Architecture { get; init; }
    public required IReadOnlyList<int> Widths { get; init; }
    public required int LabeledBatchSize { get; init; }
    public required int UnlabeledBatchSize { get; init; }
    public int BatchSize => LabeledBatchSize + UnlabeledBatchSize;
    public required int Iterations { get; init; }
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public double WeightDecay { get; init; } = 1e-4;
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Poly;
    public double EmaAlpha { get; init; } = 0.99;
    public double ConsistencyMax { get; init; } = 0.1;
    /// <summary>Ramp-up length in "epochs" of 150 iterations (SPEC 1.2).</summary>
    public double ConsistencyRampLength { get; init; } = 200;
    public int ValidationInterval { get; init; } = 200;
    public int Seed { get; init; } = 1337;

    public static string FileNameFor(string name) => $"plan_{name}.json";
}
