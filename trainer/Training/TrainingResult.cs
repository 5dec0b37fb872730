namespace PacsSeg.Trainer.Training;

/// <summary>Losses per iteration (of this call), validation and the last checkpoint of a finished run.</summary>
public sealed record TrainingResult(IReadOnlyList<double> Losses, CheckpointInfo LastCheckpoint, double SecondsPerIteration)
{
    /// <summary>Validation scores of this call (empty without a validator).</summary>
    public IReadOnlyList<ValidationScore> Validation { get; init; } = [];

    /// <summary>The best validation score of the run so far (its weights: best_student.safetensors), or null.</summary>
    public ValidationScore? Best { get; init; }
}
