using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Schedules;

namespace PacsSeg.Trainer.Training;

/// <summary>
/// A semi-supervised method: a small class that supplies the loss of one iteration; the loop does the rest
/// (sampling, augmentation, optimiser, schedules, teacher update, logging, checkpoints).
/// </summary>
public interface ITrainingMethod
{
    /// <summary>Short name used in run folders ("supervised", "mean-teacher").</summary>
    string Name { get; }

    /// <summary>Whether batches carry unlabeled samples.</summary>
    bool UsesUnlabeled { get; }

    /// <summary>The EMA teacher this method needs, or null for none.</summary>
    EmaVariant? Teacher { get; }

    StepLoss Loss(StepContext context);

    /// <summary>The architecture this method trains when it is not the plan's (dual networks: both networks in one module), or null.</summary>
    string? Architecture => null;

    /// <summary>
    /// The iteration at which a two-stage method continues from the best validated weights and optimiser
    /// state of its first stage (BCP's self-training starts from the best pre-training checkpoint), or null.
    /// The loop restarts best tracking there, so each stage keeps its own best.
    /// </summary>
    int? RestartFromBestAt(TrainingPlan plan) => null;

    /// <summary>
    /// The network the loop trains (student) and averages (teacher): the plan's network, or a
    /// <see cref="NetworkWithHeads"/> adding the heads this method trains with it.
    /// </summary>
    Segmentation.Networks.SegmentationNetwork Build(Segmentation.Networks.SegmentationNetwork network) => network;
}
