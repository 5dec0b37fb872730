namespace PacsSeg.Plugin.Export;

/// <summary>The result files of one job (SEG, Parametric Map) and the study they belong to.</summary>
public sealed record ExportBatch(long JobId, string CorrelationId, string StudyInstanceUid, string SeriesInstanceUid, IReadOnlyList<string> Files);
