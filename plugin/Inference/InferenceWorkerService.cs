// One worker loop per configured device. A worker claims the oldest due Queued job (the claim is committed,
// attempts counted, before inference starts), runs the engine, and commits the results with the move to
// Exporting. A crash mid-inference leaves the job in Inferring; start-up recovery queues it again.
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Metrics;

namespace PacsSeg.Plugin.Inference;

public sealed class InferenceWorkerService(IJobStore store, IEnumerable<IInferenceEngine> engines, InferenceQueue queue, ExportSignal exportSignal,
    PluginMetrics metrics, IOptions<PluginOptions> options, TimeProvider time, ILogger<InferenceWorkerService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    private readonly IInferenceEngine? engine = engines.FirstOrDefault();
    private readonly PluginOptions config = options.Value;

    public bool IsAvailable => engine is not null;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (engine is null)
        {
            HostLog.NoInferenceEngine(logger);
            return Task.CompletedTask;
        }
        return Task.WhenAll(config.Inference.EffectiveDevices.Select(device => Task.Run(() => WorkerLoopAsync(engine, device, stoppingToken), stoppingToken)));
    }

    private async Task WorkerLoopAsync(IInferenceEngine engine, string device, CancellationToken stoppingToken)
    {
        InferenceLog.WorkerStarted(logger, device);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await RunNextAsync(engine, device, stoppingToken).ConfigureAwait(false))
                    await queue.Signal.WaitAsync(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                InferenceLog.WorkerLoopFailed(logger, device, ex);
                await Task.Delay(PollInterval, time, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<bool> RunNextAsync(IInferenceEngine engine, string device, CancellationToken stoppingToken)
    {
        var job = await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, time.GetUtcNow(),
            new JobChanges { IncrementInferenceAttempts = true, ClearNextAttempt = true, Detail = $"inference on {device}" }, stoppingToken).ConfigureAwait(false);
        if (job is null)
            return false;
        using var scope = JobScope.Begin(logger, job);
        string output = Path.Combine(config.ResolveDataPath(config.Inference.ResultsDirectory, "results"), job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(output);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var paths = await store.GetInstancePathsAsync(job.Id, stoppingToken).ConfigureAwait(false);
            var result = await engine.RunAsync(new InferenceRequest(job, job.Model ?? "", device, paths, output), null, stoppingToken).ConfigureAwait(false);
            metrics.InferenceSeconds.Observe(stopwatch.Elapsed.TotalSeconds);
            await store.TryTransitionAsync(job.Id, JobState.Inferring, JobState.Exporting,
                new JobChanges { Results = result.OutputFiles, SummaryJson = result.SummaryJson, Detail = "results ready" }, stoppingToken).ConfigureAwait(false);
            InferenceLog.Completed(logger, job.Id, job.Model ?? "", device, stopwatch.Elapsed.TotalSeconds, result.OutputFiles.Count);
            exportSignal.Signal.Notify();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Left in Inferring on purpose: start-up recovery queues it again.
            throw;
        }
        catch (Exception ex)
        {
            InferenceLog.Failed(logger, job.Id, job.InferenceAttempts, ex);
            bool giveUp = job.InferenceAttempts >= config.Inference.MaxAttempts;
            await store.TryTransitionAsync(job.Id, JobState.Inferring, giveUp ? JobState.Failed : JobState.Queued, new JobChanges
            {
                Detail = $"inference attempt {job.InferenceAttempts} failed: {ex.Message}",
                NextAttemptAt = giveUp ? null : time.GetUtcNow().AddSeconds(config.Inference.RetryDelaySeconds * job.InferenceAttempts),
            }, CancellationToken.None).ConfigureAwait(false);
        }
        return true;
    }
}
