using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.Ingest;

public sealed class InstanceIngest(ISpool spool, IJobStore store, PluginMetrics metrics, IOptions<PluginOptions> options, ILogger<InstanceIngest> logger)
    : IInstanceIngest
{
    private readonly TimeSpan retryAfter = TimeSpan.FromSeconds(options.Value.Spool.RetryAfterSeconds);

    public bool IsNearlyFull(out TimeSpan retryAfterDelay)
    {
        retryAfterDelay = retryAfter;
        return spool.GetCapacity().IsNearlyFull;
    }

    public async Task<IngestResult> AcceptAsync(IncomingInstance instance, Stream content, CancellationToken cancellationToken)
    {
        if (Invalid(instance) is { } reason)
            return Reject(instance, reason);
        StagedInstance staged;
        try
        {
            staged = await spool.StageAsync((file, ct) => content.CopyToAsync(file, 81920, ct), cancellationToken).ConfigureAwait(false);
        }
        catch (SpoolFullException ex)
        {
            return Full(instance, ex);
        }
        catch (InstanceTooLargeException ex)
        {
            return Reject(instance, ex.Message);
        }
        return await AcceptStagedAsync(instance, staged, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IngestResult> AcceptStagedAsync(IncomingInstance instance, StagedInstance staged, CancellationToken cancellationToken)
    {
        if (Invalid(instance) is { } reason)
        {
            spool.Discard(staged);
            return Reject(instance, reason);
        }
        // A resend of an instance we already hold: the recorded file stays as it was (inference may be reading
        // it), and the sender gets its success.
        if (await store.HasInstanceAsync(instance.SopInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            spool.Discard(staged);
            SpoolLog.Duplicate(logger, instance.SopInstanceUid, instance.SourceAe);
            return new IngestResult(IngestOutcome.Duplicate, null, "already received");
        }
        var spooled = await spool.CommitAsync(staged, new SpoolKey(instance.StudyInstanceUid, instance.SeriesInstanceUid, instance.SopInstanceUid), cancellationToken).ConfigureAwait(false);
        var recorded = await store.RecordInstanceAsync(instance, spooled.Path, spooled.Length, cancellationToken).ConfigureAwait(false);
        SpoolLog.Spooled(logger, instance.SopInstanceUid, spooled.Length, spooled.Path);
        if (!recorded.IsNewInstance)
        {
            SpoolLog.Duplicate(logger, instance.SopInstanceUid, instance.SourceAe);
            return new IngestResult(IngestOutcome.Duplicate, recorded.JobId, "already received");
        }
        if (recorded.IsLate)
            SpoolLog.LateInstance(logger, instance.SopInstanceUid, recorded.JobId, recorded.SeriesState.ToString());
        metrics.InstanceReceived();
        return new IngestResult(IngestOutcome.Stored, recorded.JobId, "stored");
    }

    private IngestResult Reject(IncomingInstance instance, string reason)
    {
        SpoolLog.Rejected(logger, instance.SourceAe, reason);
        metrics.InstanceRejected();
        return new IngestResult(IngestOutcome.Rejected, null, reason);
    }

    private IngestResult Full(IncomingInstance instance, SpoolFullException ex)
    {
        SpoolLog.SpoolFull(logger, ex.AvailableBytes, ex.MinFreeBytes, instance.SopInstanceUid, instance.SourceAe);
        metrics.SpoolFullRefusal();
        return new IngestResult(IngestOutcome.OutOfResources, null, ex.Message, retryAfter);
    }

    private static string? Invalid(IncomingInstance i)
    {
        static bool Bad(string? uid) => string.IsNullOrWhiteSpace(uid) || uid.Length > 64;
        if (Bad(i.StudyInstanceUid)) return "Study Instance UID missing or longer than 64 characters";
        if (Bad(i.SeriesInstanceUid)) return "Series Instance UID missing or longer than 64 characters";
        if (Bad(i.SopInstanceUid)) return "SOP Instance UID missing or longer than 64 characters";
        if (Bad(i.SopClassUid)) return "SOP Class UID missing or longer than 64 characters";
        if (string.IsNullOrWhiteSpace(i.SourceAe) || i.SourceAe.Length > 64) return "source missing or too long";
        return null;
    }
}
