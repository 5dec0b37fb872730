namespace PacsSeg.Plugin.Inference;

/// <param name="OutputFiles">Result files to export, written inside the request's output folder.</param>
/// <param name="SummaryJson">Per-series summary (volumes per class in ml, mean uncertainty) for the job store.</param>
public sealed record InferenceResult(IReadOnlyList<string> OutputFiles, string SummaryJson);
