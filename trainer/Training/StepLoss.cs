using PacsSeg.Torch;

namespace PacsSeg.Trainer.Training;

/// <summary>The loss to back-propagate and its named terms (for the log and the curves).</summary>
public sealed record StepLoss(Tensor Total, IReadOnlyDictionary<string, double> Terms);
