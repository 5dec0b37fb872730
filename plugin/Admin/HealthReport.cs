namespace PacsSeg.Plugin.Admin;

public sealed record HealthReport(bool Ready, string? DatabaseError, bool SpoolNearlyFull, long SpoolFreeBytes, bool InferenceAvailable);
