namespace PacsSeg.Plugin.Jobs;

public sealed record JobQuery(JobState? State = null, string? StudyInstanceUid = null, int Limit = 100, long? AfterId = null);
