// 3D inference for evaluation (SPEC 1.10): the plan's normalisation, Gaussian-weighted sliding windows of
// the plan's patch size, softmax averaged where windows overlap, argmax. It reuses the plugin's predictor
// (core Segmentation.Inference) through a manifest built from the plan, so evaluation measures exactly what
// the packaged model will do in the plugin.
using PacsSeg.Imaging;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Evaluation;

/// <summary>Sliding-window label prediction with a 3D network under a plan.</summary>
public static class VolumePredictor
{
    /// <param name="overlap">Fraction of a patch shared by neighbouring windows (AUA's 96³ stride 16 is 0.83).</param>
    public static Volume<byte> Predict(SegmentationNetwork network, Volume<float> image, TrainingPlan plan, double overlap = 0.5,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(plan);
        if (network.SpatialDimensions != 3 || plan.Dimensionality != 3)
            throw new ArgumentException("Sliding-window prediction needs a 3D network and a 3D plan.", nameof(network));
        var manifest = RunPackager.Manifest(plan, "evaluation", "", null, "0");
        bool wasTraining = network.IsTraining;
        // The predictor owns the network it is given only for disposal; it is not disposed here, the caller keeps the network.
        var predictor = new SegmentationPredictor(manifest, network);
        try
        {
            return predictor.Predict(image, new PredictionOptions { Overlap = overlap }, cancellationToken: cancellationToken).Labels;
        }
        finally
        {
            network.Train(wasTraining);
        }
    }
}
