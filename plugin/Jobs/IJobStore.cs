using PacsSeg.Plugin.Ingest;

namespace PacsSeg.Plugin.Jobs;

/// <summary>
/// The durable truth about studies, series jobs and instances. Every state change is committed here
/// before the work it announces starts, so a crash at any point resumes instead of losing or repeating
/// work. SQLite is the single-node implementation; a PostgreSQL one (claims with
/// <c>SELECT ... FOR UPDATE SKIP LOCKED</c>) serves several nodes without changing callers.
/// </summary>
public interface IJobStore
{
    /// <summary>Creates or upgrades the schema. Idempotent.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Checks the store answers (readiness).</summary>
    Task PingAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records a spooled instance: creates the study and the series job (state Received) on first sight,
    /// ignores a repeated SOP Instance UID, and reopens the quiet period of a series being assembled or queued
    /// (a queued series whose inference has not started goes back to Received, so its new instance is part of it).
    /// </summary>
    Task<RecordInstanceResult> RecordInstanceAsync(IncomingInstance instance, string spoolPath, long length, CancellationToken cancellationToken);

    /// <summary>
    /// Whether an instance with this SOP Instance UID is recorded (and so durably spooled): a resend after an
    /// outage can be acknowledged without writing it again.
    /// </summary>
    Task<bool> HasInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken);

    Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken);

    Task<IReadOnlyList<JobEvent>> GetEventsAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>Spool paths of the series' instances, in arrival order.</summary>
    Task<IReadOnlyList<string>> GetInstancePathsAsync(long jobId, CancellationToken cancellationToken);

    /// <summary>
    /// Compare-and-set: moves the job from <paramref name="from"/> to <paramref name="to"/> and applies
    /// <paramref name="changes"/> in one transaction. False when the job is no longer in <paramref name="from"/>.
    /// </summary>
    /// <exception cref="InvalidJobTransitionException">The transition is not legal.</exception>
    Task<bool> TryTransitionAsync(long jobId, JobState from, JobState to, JobChanges changes, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically takes the oldest job in <paramref name="from"/> whose next attempt is due and moves it to
    /// <paramref name="to"/>; null when none. Safe with several workers (and several nodes in PostgreSQL).
    /// </summary>
    Task<JobRecord?> ClaimNextAsync(JobState from, JobState to, DateTimeOffset now, JobChanges changes, CancellationToken cancellationToken);

    /// <summary>
    /// Start-up recovery: inference interrupted by a crash goes back to Queued (or Failed once it used
    /// <paramref name="maxInferenceAttempts"/>), interrupted routing goes back to Received, and the quiet period of every Received series starts again (a sender resends after
    /// an outage, so a series that went quiet while we were down is not known to be complete). Exports resume as they are.
    /// </summary>
    Task<int> RecoverAsync(int maxInferenceAttempts, CancellationToken cancellationToken);

    /// <summary>Destinations that already have this job's results (so a resumed export never sends twice).</summary>
    Task<IReadOnlySet<string>> GetDeliveriesAsync(long jobId, CancellationToken cancellationToken);

    Task MarkDeliveredAsync(long jobId, string destination, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(CancellationToken cancellationToken);

    Task<StudySummary?> GetStudySummaryAsync(string studyInstanceUid, CancellationToken cancellationToken);
}
