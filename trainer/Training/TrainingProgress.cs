namespace PacsSeg.Trainer.Training;

/// <summary>One progress report of the loop (the program renders it as a bar).</summary>
public sealed record TrainingProgress(int Iteration, int Iterations, double Loss, double LearningRate, double IterationsPerSecond);
