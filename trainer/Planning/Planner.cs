// nnU-Net-style planning rules, reduced to what the SPEC's networks need: a patch divisible by 16 (four
// poolings), the median spacing (10th percentile on a strongly anisotropic axis), and the normalisation
// for the modality.
using PacsSeg.Segmentation.Networks;

namespace PacsSeg.Trainer.Planning;

/// <summary>Turns a <see cref="DatasetFingerprint"/> into a <see cref="TrainingPlan"/>.</summary>
public static class Planner
{
    public const int Divisor = 16;

    public static TrainingPlan Create(DatasetFingerprint fingerprint, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        options ??= new PlanOptions();
        var spacing = fingerprint.MedianSpacing.ToArray();
        double inPlane = Math.Min(spacing[0], spacing[1]);
        bool anisotropic = !fingerprint.IsTwoDimensional && spacing[2] >= 3 * inPlane;
        int dims = options.Dimensionality ?? (fingerprint.IsTwoDimensional || anisotropic ? 2 : 3);
        if (dims is not (2 or 3))
            throw new ArgumentException($"Dimensionality must be 2 or 3, got {dims}.");
        if (dims == 3 && fingerprint.IsTwoDimensional)
            throw new ArgumentException("A 3D plan needs 3D cases; this dataset holds single slices.");

        var target = spacing.ToArray();
        if (dims == 3 && anisotropic)
            target[2] = fingerprint.Spacing10thPercentile[2];

        // Median shape at the target spacing.
        var shape = Enumerable.Range(0, 3).Select(a => fingerprint.MedianSize[a] * spacing[a] / target[a]).ToArray();
        int[] patch = options.PatchSize?.ToArray() ?? (dims == 2 ? Patch2D(shape, options.MaxPatchSide2D) : Patch3D(shape, options.VoxelBudget3D));
        if (patch.Length != 3 || patch.Any(p => p < 1) || (dims == 2 && patch[2] != 1))
            throw new ArgumentException($"Patch size must be three positive values with z = 1 for 2D, got [{string.Join(", ", patch)}].");

        var normalization = Normalization(fingerprint, options.Normalization);
        string architecture = options.Architecture ?? (dims == 2 ? "unet2d" : "vnet3d");
        if (!NetworkFactory.Architectures.Contains(architecture))
            throw new ArgumentException($"Unknown architecture '{architecture}'; known: {string.Join(", ", NetworkFactory.Architectures)}.");
        if (architecture.StartsWith("unet2d", StringComparison.Ordinal) != (dims == 2))
            throw new ArgumentException($"Architecture '{architecture}' does not fit a {dims}D plan.");
        var widths = options.Widths?.ToArray() ?? NetworkFactory.DefaultWidths(architecture).Select(w => checked((int)w)).ToArray();
        if (options.LearningRate is double lr && !(lr > 0 && lr < 10))
            throw new ArgumentException($"Learning rate must be above 0 and below 10, got {lr}.");
        if (widths.Length < 2 || widths.Any(w => w < 1))
            throw new ArgumentException($"Widths must be two or more positive values, got [{string.Join(", ", widths)}].");
        return new TrainingPlan
        {
            Name = dims == 2 ? "2d" : "3d",
            DatasetName = fingerprint.DatasetName,
            Dimensionality = dims,
            PatchSize = patch,
            TargetSpacing = target,
            Normalization = normalization,
            ClassNames = fingerprint.ClassNames,
            Architecture = architecture,
            Widths = widths,
            LabeledBatchSize = options.LabeledBatchSize ?? (dims == 2 ? 12 : 2),
            UnlabeledBatchSize = options.UnlabeledBatchSize ?? (dims == 2 ? 12 : 2),
            Iterations = options.Iterations ?? (dims == 2 ? 30_000 : 6_000),
            LearningRate = options.LearningRate ?? 0.01,
            Schedule = options.Schedule ?? (dims == 2 ? LearningRateSchedule.Poly : LearningRateSchedule.Step),
            ConsistencyRampLength = dims == 2 ? 200 : 40,
            Seed = options.Seed,
        };
    }

    private static int[] Patch2D(double[] shape, int maxSide)
    {
        int Side(double s) => Math.Clamp(RoundDown(Math.Min(s, maxSide)), Divisor * 2, Math.Max(Divisor * 2, RoundDown(maxSide)));
        return [Side(shape[0]), Side(shape[1]), 1];
    }

    private static int[] Patch3D(double[] shape, long budget)
    {
        var patch = shape.Select(s => Math.Max(Divisor, RoundDown(s))).ToArray();
        // Shrink the largest axis (relative to its share) until the patch fits the budget.
        while ((long)patch[0] * patch[1] * patch[2] > budget)
        {
            int axis = Array.IndexOf(patch, patch.Max());
            if (patch[axis] <= Divisor)
                break;
            patch[axis] -= Divisor;
        }
        return patch;
    }

    private static int RoundDown(double value) => Math.Max(Divisor, (int)Math.Floor(value / Divisor) * Divisor);

    private static IntensityNormalization Normalization(DatasetFingerprint fingerprint, NormalizationScheme? forced)
    {
        var scheme = forced ?? (fingerprint.IsCt ? NormalizationScheme.CtClipZScore : NormalizationScheme.MinMaxPerImage);
        var stats = fingerprint.ForegroundIntensity;
        return scheme == NormalizationScheme.CtClipZScore
            ? new IntensityNormalization(scheme, stats.Percentile00_5, stats.Percentile99_5, stats.Mean, stats.Std)
            : new IntensityNormalization(scheme);
    }
}
