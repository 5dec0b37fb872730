// Runs before every other hosted service: schema, leftover temp files, recovery of interrupted jobs.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.Hosting;

public sealed class StartupTasks(IJobStore store, ISpool spool, InferenceQueue queue, ExportSignal export,
    IOptions<PluginOptions> options, ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        int temps = spool.RemoveTemporaryFiles();
        if (temps > 0)
            SpoolLog.TempFilesRemoved(logger, temps);
        int uploads = GrpcApi.SegmentUpload.RemoveLeftovers(GrpcApi.SegmentUpload.RootFor(options.Value));
        if (uploads > 0)
            GrpcLog.UploadsRemoved(logger, uploads);
        int recovered = await store.RecoverAsync(options.Value.Inference.MaxAttempts, cancellationToken).ConfigureAwait(false);
        if (recovered > 0)
            HostLog.Recovered(logger, recovered);
        if (!options.Value.Security.RequireAuthentication)
            HostLog.AuthenticationDisabled(logger);
        queue.Signal.Notify();
        export.Signal.Notify();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
