// Delivers the results of Exporting jobs study by study: the due jobs of one study go to each destination
// that does not have them yet in one batch (one association, one STOW-RS request). Attempts, backoff and
// dead letter belong to the study: a failed attempt counts once for all its jobs and schedules them
// together (a series that reaches Exporting during the study's backoff waits with it), and after
// Export:MaxAttempts the study's jobs go to DeadLetter until an admin re-queues them. Deliveries are
// recorded per job and destination, so a resumed or retried export never sends a job's results twice
// to a destination that confirmed them.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Metrics;

namespace PacsSeg.Plugin.Export;

public sealed class ExportService(IJobStore store, ExportTargets targets, ExportSignal signal, PluginMetrics metrics,
    IOptions<PluginOptions> options, TimeProvider time, ILogger<ExportService> logger) : BackgroundService
{
    private const int PageSize = 1000;
    private readonly ExportOptions export = options.Value.Export;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(export.PollIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                await signal.Signal.WaitAsync(interval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ExportLog.LoopFailed(logger, ex);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass over the studies with Exporting jobs that are due; returns how many studies were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var jobs = new List<JobRecord>();
        long? after = null;
        while (true)
        {
            var page = await store.ListJobsAsync(new JobQuery(JobState.Exporting, Limit: PageSize, AfterId: after), cancellationToken).ConfigureAwait(false);
            jobs.AddRange(page);
            if (page.Count < PageSize)
                break;
            after = page[^1].Id;
        }
        int attempted = 0;
        foreach (var study in jobs.GroupBy(j => j.StudyInstanceUid, StringComparer.Ordinal))
        {
            var members = study.ToList();
            // The study waits as a unit: while any of its jobs is in backoff, none is sent.
            if (members.Any(j => j.NextAttemptAt is { } next && next > now))
                continue;
            using var scope = JobScope.BeginStudy(logger, study.Key, members);
            await ExportStudyAsync(study.Key, members, cancellationToken).ConfigureAwait(false);
            attempted++;
        }
        return attempted;
    }

    private async Task ExportStudyAsync(string studyInstanceUid, IReadOnlyList<JobRecord> jobs, CancellationToken cancellationToken)
    {
        int attempts = jobs.Max(j => j.ExportAttempts) + 1;
        var delivered = new Dictionary<long, IReadOnlySet<string>>();
        foreach (var job in jobs)
            delivered[job.Id] = await store.GetDeliveriesAsync(job.Id, cancellationToken).ConfigureAwait(false);

        Exception? lastFailure = null;
        string? failedDestination = null;
        foreach (var target in targets.All)
        {
            string name = target.Destination.Name;
            var pending = jobs.Where(j => !delivered[j.Id].Contains(name)).ToList();
            if (pending.Count == 0)
                continue;
            var batch = new ExportBatch(studyInstanceUid, pending.Select(j => j.Id).ToList(), pending.SelectMany(j => j.Results).ToList());
            try
            {
                if (batch.Files.Count > 0)
                {
                    await target.Pipeline.ExecuteAsync(
                        static async (state, ct) => await state.Destination.SendAsync(state.Batch, ct).ConfigureAwait(false),
                        (target.Destination, Batch: batch), cancellationToken).ConfigureAwait(false);
                }
                foreach (var job in pending)
                {
                    await store.MarkDeliveredAsync(job.Id, name, cancellationToken).ConfigureAwait(false);
                    metrics.ExportDelivered();
                }
                ExportLog.Delivered(logger, studyInstanceUid, batch.Files.Count, JobScope.Ids(pending), name);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.ExportFailure(name);
                ExportLog.AttemptFailed(logger, studyInstanceUid, name, attempts, export.MaxAttempts, ex);
                lastFailure = ex;
                failedDestination = name;
            }
        }

        if (lastFailure is null)
        {
            string detail = targets.All.Count == 0 ? "no export destination configured; results kept" : "delivered";
            foreach (var job in jobs)
                await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.Done, new JobChanges { Detail = detail, ClearNextAttempt = true }, cancellationToken).ConfigureAwait(false);
            return;
        }
        string reason = $"export attempt {attempts} of study {studyInstanceUid} to {failedDestination} failed: {lastFailure.Message}";
        if (attempts >= export.MaxAttempts)
        {
            foreach (var job in jobs)
            {
                await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.DeadLetter,
                    new JobChanges { ExportAttempts = attempts, Detail = reason, ClearNextAttempt = true }, cancellationToken).ConfigureAwait(false);
            }
            ExportLog.DeadLettered(logger, studyInstanceUid, attempts, JobScope.Ids(jobs));
            return;
        }
        var next = time.GetUtcNow().AddSeconds(export.AttemptDelaySeconds * attempts);
        foreach (var job in jobs)
        {
            await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.Exporting,
                new JobChanges { ExportAttempts = attempts, Detail = reason, NextAttemptAt = next }, cancellationToken).ConfigureAwait(false);
        }
    }
}
