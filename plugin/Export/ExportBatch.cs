namespace PacsSeg.Plugin.Export;

/// <summary>
/// The result files (SEG, Parametric Map) of one study's jobs that a destination does not have yet: sent as
/// one unit (one association, one STOW-RS request), recorded as delivered per job when it succeeds.
/// </summary>
public sealed record ExportBatch(string StudyInstanceUid, IReadOnlyList<long> JobIds, IReadOnlyList<string> Files);
