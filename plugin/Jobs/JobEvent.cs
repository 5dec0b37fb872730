namespace PacsSeg.Plugin.Jobs;

/// <summary>One committed transition, kept for the admin API's job detail.</summary>
public sealed record JobEvent(DateTimeOffset At, JobState? From, JobState To, string? Detail);
