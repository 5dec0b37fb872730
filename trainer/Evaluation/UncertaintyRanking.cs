// Active learning for IT admins: which unlabeled cases should be labeled next? Each case is segmented by the
// current model with test-time augmentation; the cases where the model is least sure come first.
using System.Globalization;
using System.Text;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Trainer.Data;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>
/// One case's uncertainty: <see cref="MeanUncertainty"/> is the mean normalized predictive entropy over the whole
/// volume (how much of the case, and how strongly, the model doubts), the ranking key;
/// <see cref="ForegroundUncertainty"/> the mean over the voxels it labels as a structure (0 when it finds none).
/// </summary>
public sealed record CaseUncertainty(string CaseId, double MeanUncertainty, double ForegroundUncertainty, long ForegroundVoxels, double ForegroundMl);

public static class UncertaintyRanking
{
    /// <summary>Predicts every case and returns them most uncertain first (ties by case id).</summary>
    public static IReadOnlyList<CaseUncertainty> Rank(DatasetFolder dataset, IReadOnlyList<DatasetCase> cases, SegmentationPredictor predictor,
        PredictionOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(predictor);
        var result = new List<CaseUncertainty>(cases.Count);
        for (int i = 0; i < cases.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = dataset.ReadImage(cases[i]);
            var prediction = predictor.Predict(image, options, cancellationToken: cancellationToken);
            result.Add(Score(cases[i].Id, prediction));
            progress?.Report(i + 1);
        }
        return result.OrderByDescending(c => c.MeanUncertainty).ThenBy(c => c.CaseId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The case's scores from one prediction.</summary>
    public static CaseUncertainty Score(string caseId, SegmentationPrediction prediction)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var labels = prediction.Labels.Voxels;
        var uncertainty = prediction.Uncertainty.Voxels;
        if (labels.Length != uncertainty.Length || labels.Length == 0)
            throw new ArgumentException($"Prediction of {caseId}: {labels.Length} labels and {uncertainty.Length} uncertainty voxels.");
        double all = 0, foreground = 0;
        long count = 0;
        for (int v = 0; v < labels.Length; v++)
        {
            all += uncertainty[v];
            if (labels[v] != 0)
            {
                foreground += uncertainty[v];
                count++;
            }
        }
        double ml = count * prediction.Labels.Geometry.VoxelVolumeMm3 / 1000.0;
        return new CaseUncertainty(caseId, all / labels.Length, count == 0 ? 0 : foreground / count, count, ml);
    }

    public static string ToCsv(IEnumerable<CaseUncertainty> ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        var csv = new StringBuilder("rank,case,mean_uncertainty,foreground_uncertainty,foreground_voxels,foreground_ml\n");
        int rank = 1;
        foreach (var c in ranking)
            csv.Append(CultureInfo.InvariantCulture, $"{rank++},{c.CaseId},{c.MeanUncertainty:0.######},{c.ForegroundUncertainty:0.######},{c.ForegroundVoxels},{c.ForegroundMl:0.###}\n");
        return csv.ToString();
    }
}
