namespace PacsSeg.Plugin.Spool;

public sealed record SpooledInstance(string Path, long Length);
