// The end of `fit`: a run's chosen weights become the model package of ARCHITECTURE.md (NAME-VERSION.pacsseg
// in the run folder), with the plan's geometry and normalisation so the plugin preprocesses as training did.
using System.Globalization;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Training;

/// <summary>Writes a trained run as a model package.</summary>
public static class RunPackager
{
    // Display colours by class index (background first); repeats past the end.
    private static readonly byte[][] Palette =
    [
        [0, 0, 0], [230, 25, 75], [60, 180, 75], [0, 130, 200], [255, 225, 25], [245, 130, 48], [145, 30, 180], [70, 240, 240],
    ];

    /// <summary>Loads the weights file named in the run's checkpoints folder into a fresh network of the plan's architecture.</summary>
    public static SegmentationNetwork LoadNetwork(RunFolder run, TrainingPlan plan, string weightsFile)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(plan);
        if (Path.GetFileName(weightsFile) != weightsFile)
            throw new ArgumentException($"Weights '{weightsFile}' is not a plain file name.", nameof(weightsFile));
        var network = CreateNetwork(plan);
        var state = SafeTensors.Load(Path.Combine(run.CheckpointDirectory, weightsFile));
        try
        {
            network.LoadStateDict(NetworkWithHeads.BackboneState(state));
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in state.Values)
                t.Dispose();
        }
        return network;
    }

    /// <summary>A fresh network of the plan's architecture and widths.</summary>
    public static SegmentationNetwork CreateNetwork(TrainingPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return NetworkFactory.Create(plan.Architecture, 1, plan.ClassCount, widths: plan.Widths.Select(w => (long)w).ToArray());
    }

    /// <summary>The manifest of a run: plan geometry and normalisation, method, data summary and test metrics.</summary>
    public static ModelManifest Manifest(TrainingPlan plan, string method, string dataSummary, EvaluationReport? test, string version)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (test is not null)
        {
            metrics["dice_mean"] = test.Average.Mean.Dice;
            metrics["jaccard_mean"] = test.Average.Mean.Jaccard;
            metrics["hd95_mm_mean"] = test.Average.Mean.Hd95Mm;
            metrics["asd_mm_mean"] = test.Average.Mean.AsdMm;
            for (int c = 0; c < test.Average.PerClass.Count; c++)
                metrics[$"dice_{test.ClassNames[c + 1]}"] = test.Average.PerClass[c].Dice;
        }
        return new ModelManifest
        {
            Name = $"{plan.DatasetName}-{method}",
            Version = version,
            Architecture = plan.Architecture,
            Hyperparameters = new Dictionary<string, string>
            {
                ["iterations"] = plan.Iterations.ToString(CultureInfo.InvariantCulture),
                ["learningRate"] = plan.LearningRate.ToString(CultureInfo.InvariantCulture),
                ["batch"] = $"{plan.LabeledBatchSize}+{plan.UnlabeledBatchSize}",
                ["dimensionality"] = plan.Dimensionality.ToString(CultureInfo.InvariantCulture),
                ["seed"] = plan.Seed.ToString(CultureInfo.InvariantCulture),
                [NetworkFactory.WidthsKey] = NetworkFactory.FormatWidths(plan.Widths.Select(w => (long)w)),
            },
            InputChannels = 1,
            Classes = plan.ClassNames.Select((name, c) => new ModelClass(name, Palette[c % Palette.Length])).ToList(),
            TargetSpacing = [.. plan.TargetSpacing],
            Normalization = Normalization(plan.Normalization),
            PatchSize = plan.PatchSize.Select(p => (long)p).ToArray(),
            TrainingMethod = method,
            DataSummary = dataSummary,
            Metrics = metrics,
        };
    }

    /// <summary>Writes NAME-VERSION.pacsseg into the run folder; returns its path.</summary>
    public static string Save(RunFolder run, ModelManifest manifest, SegmentationNetwork network)
    {
        ArgumentNullException.ThrowIfNull(run);
        return ModelPackage.Save(run.Path, manifest, network);
    }

    private static Segmentation.Packaging.IntensityNormalization Normalization(Planning.IntensityNormalization n) => n.Scheme switch
    {
        NormalizationScheme.MinMaxPerImage => new() { Kind = "minmax" },
        NormalizationScheme.ZScorePerImage => new() { Kind = "zscore" },
        NormalizationScheme.CtClipZScore => new() { Kind = "clip-zscore", Min = n.ClipLow, Max = n.ClipHigh, Mean = n.Mean, Std = n.Std },
        _ => throw new ArgumentException($"Unknown normalisation scheme {n.Scheme}."),
    };
}
