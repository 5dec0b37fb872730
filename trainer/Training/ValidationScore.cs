namespace PacsSeg.Trainer.Training;

/// <summary>A validation score (higher is better) after an iteration.</summary>
public sealed record ValidationScore(int Iteration, double Score);
