// Moves series whose quiet period (per source AE) has passed from Received to Queued with the model the
// routing rules choose, or to Done when nothing should run. Each step is committed before the next.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Routing;

namespace PacsSeg.Plugin.Assembling;

public sealed class AssemblyService(IJobStore store, RoutingTable routing, InferenceQueue queue, IOptions<PluginOptions> options,
    TimeProvider time, ILogger<AssemblyService> logger) : BackgroundService
{
    private readonly AssemblyOptions assembly = options.Value.Assembly;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(assembly.PollIntervalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                JobLog.AssemblyLoopFailed(logger, ex);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the Received series; returns how many left Received.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var received = await store.ListJobsAsync(new JobQuery(JobState.Received, Limit: 1000), cancellationToken).ConfigureAwait(false);
        int moved = 0;
        foreach (var job in received)
        {
            if (job.LastInstanceAt + assembly.QuietPeriodFor(job.SourceAe) > now)
                continue;
            var counts = await store.CountByStateAsync(cancellationToken).ConfigureAwait(false);
            if (counts[JobState.Queued] >= queue.Capacity)
                break;
            using var scope = JobScope.Begin(logger, job);
            if (!await Transition(job.Id, JobState.Received, JobState.Assembling, new JobChanges { Detail = "quiet period passed" }, cancellationToken).ConfigureAwait(false))
                continue;
            var decision = routing.Route(job);
            if (decision.IsRouted)
            {
                if (await Transition(job.Id, JobState.Assembling, JobState.Queued,
                        new JobChanges { Model = decision.Model, Detail = $"rule '{decision.Rule}'" }, cancellationToken).ConfigureAwait(false))
                {
                    JobLog.Routed(logger, job.Id, job.SeriesInstanceUid, decision.Model!, decision.Rule ?? "");
                    queue.Signal.Notify();
                }
            }
            else if (await Transition(job.Id, JobState.Assembling, JobState.Done, new JobChanges { Detail = "not processed: " + decision.Reason }, cancellationToken).ConfigureAwait(false))
            {
                JobLog.NotRouted(logger, job.Id, job.SeriesInstanceUid, decision.Reason);
            }
            moved++;
        }
        return moved;
    }

    private async Task<bool> Transition(long id, JobState from, JobState to, JobChanges changes, CancellationToken cancellationToken)
    {
        bool ok = await store.TryTransitionAsync(id, from, to, changes, cancellationToken).ConfigureAwait(false);
        if (ok)
            JobLog.Transition(logger, id, from.ToString(), to.ToString(), changes.Detail ?? "");
        else
            JobLog.TransitionLost(logger, id, from.ToString(), to.ToString());
        return ok;
    }
}
