namespace PacsSeg.Plugin.Spool;

/// <summary>The identifiers an instance is filed under; untrusted (they come from the wire).</summary>
public readonly record struct SpoolKey(string StudyInstanceUid, string SeriesInstanceUid, string SopInstanceUid);
