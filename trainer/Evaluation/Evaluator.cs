// Test-split evaluation with medpy-equivalent metrics (SPEC 1.9): per case and class, averaged over cases.
using PacsSeg.Segmentation.Metrics;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>Evaluates a trained network on the labeled test cases of a dataset: slice-wise for 2D plans,
/// sliding window for 3D plans (windows overlapping by the given fraction).</summary>
public static class Evaluator
{
    public static EvaluationReport EvaluateTestSplit(DatasetFolder dataset, TrainingPlan plan, SegmentationNetwork network,
        EmptyMaskPolicy policy = EmptyMaskPolicy.BothEmptyScoresPerfect, IProgress<int>? progress = null, CancellationToken cancellationToken = default, double overlap = 0.5)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(network);
        var cases = dataset.Test.Where(c => c.HasLabel).ToList();
        if (cases.Count == 0)
            throw new DatasetFormatException($"{dataset.Root} has no labeled test case (imagesTs + labelsTs).");
        var perCase = new List<CaseMetrics>();
        int done = 0;
        foreach (var item in cases)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var image = dataset.ReadImage(item);
            var reference = dataset.ReadLabel(item);
            var prediction = plan.Dimensionality == 2
                ? SliceWisePredictor.Predict(network, image, plan.Normalization)
                : VolumePredictor.Predict(network, image, plan, overlap, cancellationToken);
            perCase.Add(SegmentationMetrics.PerClass(prediction, reference, plan.ClassCount, policy));
            progress?.Report(++done);
        }
        return new EvaluationReport(plan.ClassNames, cases.Select(c => c.Id).ToArray(), perCase, CaseMetrics.Average(perCase));
    }
}
