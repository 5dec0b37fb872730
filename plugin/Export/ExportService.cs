// Delivers each Exporting job's results to every destination that does not have them yet. A job-level
// attempt runs each missing destination's pipeline once; failures count per job (per study), and after
// Export:MaxAttempts the job goes to DeadLetter until an admin re-queues it.
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

    /// <summary>One pass over the due Exporting jobs; returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var jobs = await store.ListJobsAsync(new JobQuery(JobState.Exporting, Limit: 100), cancellationToken).ConfigureAwait(false);
        int attempted = 0;
        foreach (var job in jobs.Where(j => j.NextAttemptAt is null || j.NextAttemptAt <= now))
        {
            using var scope = JobScope.Begin(logger, job);
            await ExportJobAsync(job, cancellationToken).ConfigureAwait(false);
            attempted++;
        }
        return attempted;
    }

    private async Task ExportJobAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var delivered = await store.GetDeliveriesAsync(job.Id, cancellationToken).ConfigureAwait(false);
        var batch = new ExportBatch(job.Id, job.CorrelationId, job.StudyInstanceUid, job.SeriesInstanceUid, job.Results);
        Exception? lastFailure = null;
        string? failedDestination = null;
        foreach (var target in targets.All.Where(t => !delivered.Contains(t.Destination.Name)))
        {
            try
            {
                await target.Pipeline.ExecuteAsync(
                    static async (state, ct) => await state.Destination.SendAsync(state.Batch, ct).ConfigureAwait(false),
                    (target.Destination, Batch: batch), cancellationToken).ConfigureAwait(false);
                await store.MarkDeliveredAsync(job.Id, target.Destination.Name, cancellationToken).ConfigureAwait(false);
                metrics.ExportDelivered();
                ExportLog.Delivered(logger, job.Id, batch.Files.Count, target.Destination.Name);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                metrics.ExportFailure(target.Destination.Name);
                ExportLog.AttemptFailed(logger, job.Id, target.Destination.Name, job.ExportAttempts + 1, export.MaxAttempts, ex);
                lastFailure = ex;
                failedDestination = target.Destination.Name;
            }
        }

        if (lastFailure is null)
        {
            string detail = targets.All.Count == 0 ? "no export destination configured; results kept" : "delivered";
            await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.Done, new JobChanges { Detail = detail, ClearNextAttempt = true }, cancellationToken).ConfigureAwait(false);
            return;
        }
        int attempts = job.ExportAttempts + 1;
        string reason = $"export attempt {attempts} to {failedDestination} failed: {lastFailure.Message}";
        if (attempts >= export.MaxAttempts)
        {
            await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.DeadLetter,
                new JobChanges { IncrementExportAttempts = true, Detail = reason, ClearNextAttempt = true }, cancellationToken).ConfigureAwait(false);
            ExportLog.DeadLettered(logger, job.Id, attempts);
        }
        else
        {
            await store.TryTransitionAsync(job.Id, JobState.Exporting, JobState.Exporting, new JobChanges
            {
                IncrementExportAttempts = true,
                Detail = reason,
                NextAttemptAt = time.GetUtcNow().AddSeconds(export.AttemptDelaySeconds * attempts),
            }, cancellationToken).ConfigureAwait(false);
        }
    }
}
