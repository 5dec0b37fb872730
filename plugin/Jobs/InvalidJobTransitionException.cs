namespace PacsSeg.Plugin.Jobs;

public sealed class InvalidJobTransitionException(long jobId, JobState from, JobState to)
    : InvalidOperationException($"Job {jobId}: transition {from} -> {to} is not allowed.")
{
    public long JobId { get; } = jobId;
    public JobState From { get; } = from;
    public JobState To { get; } = to;
}
