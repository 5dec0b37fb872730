// The legal transitions, in one place, checked by every store implementation before it writes.
namespace PacsSeg.Plugin.Jobs;

public static class JobStateMachine
{
    private static readonly IReadOnlyDictionary<JobState, JobState[]> Legal = new Dictionary<JobState, JobState[]>
    {
        // Received -> Failed: the series cannot be assembled at all (e.g. its files vanished).
        [JobState.Received] = [JobState.Assembling, JobState.Failed],
        // Assembling -> Received: a late instance reopened the quiet period, or a restart interrupted routing.
        // Assembling -> Done: nothing to do (not routed, or one of our own outputs).
        [JobState.Assembling] = [JobState.Queued, JobState.Received, JobState.Done, JobState.Failed],
        // Queued -> Received: a new instance arrived before inference started (the series is reopened).
        [JobState.Queued] = [JobState.Inferring, JobState.Received, JobState.Failed],
        // Inferring -> Queued: retry after a failed or interrupted attempt.
        [JobState.Inferring] = [JobState.Exporting, JobState.Queued, JobState.Failed],
        // Exporting -> Exporting: a failed attempt counts itself and schedules the next one.
        [JobState.Exporting] = [JobState.Exporting, JobState.Done, JobState.DeadLetter, JobState.Failed],
        [JobState.Done] = [],
        // Re-queue from the admin API: Failed runs again from inference, DeadLetter retries its export.
        [JobState.Failed] = [JobState.Queued],
        [JobState.DeadLetter] = [JobState.Exporting],
    };

    public static bool IsLegal(JobState from, JobState to) => Legal[from].Contains(to);

    public static bool IsTerminal(JobState state) => state is JobState.Done or JobState.Failed or JobState.DeadLetter;

    public static void EnsureLegal(long jobId, JobState from, JobState to)
    {
        if (!IsLegal(from, to))
            throw new InvalidJobTransitionException(jobId, from, to);
    }
}
