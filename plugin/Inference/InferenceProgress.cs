namespace PacsSeg.Plugin.Inference;

/// <summary>Stage name ("load", "infer", "write") and overall fraction 0..1.</summary>
public readonly record struct InferenceProgress(string Stage, double Fraction);
