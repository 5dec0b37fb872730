namespace PacsSeg.Plugin.Spool;

/// <summary>
/// An instance written and fsynced to a temp file before its identifiers are known (C-STORE streams the data
/// set before it can be parsed). Not acknowledged until committed; a crash leaves only a temp file.
/// </summary>
public sealed record StagedInstance(string TempPath, long Length);
