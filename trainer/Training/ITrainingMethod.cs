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
}
