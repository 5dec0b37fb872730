namespace PacsSeg.Trainer.Training;

/// <summary>Losses per iteration and the last checkpoint of a finished run.</summary>
public sealed record TrainingResult(IReadOnlyList<double> Losses, CheckpointInfo LastCheckpoint, double SecondsPerIteration);
