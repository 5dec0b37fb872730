// The C-STORE SCP's handler: stage the data set as a Part 10 file (fsynced), read its header for the
// study/series identifiers and routing attributes, then commit and record it. Success (0000) is answered
// only after that; a nearly full spool answers A700 so the sender retries later. Registered scoped: the
// server resolves it once per association, so it can audit each association with its counts when it ends.
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.DicomIngest;

public sealed class ScpStoreHandler(IInstanceIngest ingest, ISpool spool, IJobStore store, IAuditLog audit, TimeProvider time, ILogger<ScpStoreHandler> logger)
    : ICStoreHandler, IAsyncDisposable
{
    private DicomAssociationInfo? association;
    private int stored;
    private int refused;

    /// <summary>Instances are spooled as received: compressed syntaxes are accepted without a codec.</summary>
    public bool StoresAsReceived => true;

    public async ValueTask<CStoreResult> OnStoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        association ??= request.Association;
        var outcome = await StoreAsync(request, cancellationToken).ConfigureAwait(false);
        if (outcome.Status == DicomStatus.Success)
            Interlocked.Increment(ref stored);
        else
            Interlocked.Increment(ref refused);
        return outcome;
    }

    public async ValueTask DisposeAsync()
    {
        if (association is not { } a)
            return;
        string actor = $"dicom:{a.CallingAe}@{a.RemoteEndPoint?.Address}";
        await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), actor, "association", a.CalledAe,
            $"{stored} instance(s) stored, {refused} refused (association {a.Id})"), CancellationToken.None).ConfigureAwait(false);
    }

    private async ValueTask<CStoreResult> StoreAsync(CStoreRequest request, CancellationToken cancellationToken)
    {
        string ae = request.Association.CallingAe;
        // A sender resending after an outage: what is recorded is already durable, so the data set is read
        // and dropped (no spool write, no fsync) and the sender gets its success.
        if (await store.HasInstanceAsync(request.SopInstanceUid, cancellationToken).ConfigureAwait(false))
        {
            await request.DataSet.CopyToAsync(Stream.Null, 256 * 1024, cancellationToken).ConfigureAwait(false);
            SpoolLog.Duplicate(logger, request.SopInstanceUid, ae);
            return CStoreResult.Success;
        }
        if (ingest.IsNearlyFull(out _))
            return CStoreResult.OutOfResources("Spool nearly full; retry later.");
        StagedInstance staged;
        try
        {
            staged = await spool.StageAsync(request.CopyAsPart10FileAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (SpoolFullException ex)
        {
            return CStoreResult.OutOfResources(ex.Message);
        }
        catch (InstanceTooLargeException ex)
        {
            return CStoreResult.ProcessingFailure(ex.Message);
        }

        IncomingInstance instance;
        try
        {
            instance = DicomInstanceHeader.Read(staged.TempPath, ae, request.SopClassUid, request.SopInstanceUid);
        }
        catch (InvalidDataException ex)
        {
            spool.Discard(staged);
            SpoolLog.Rejected(logger, ae, ex.Message);
            return CStoreResult.CannotUnderstand(ex.Message);
        }

        var result = await ingest.AcceptStagedAsync(instance, staged, cancellationToken).ConfigureAwait(false);
        return result.Outcome switch
        {
            IngestOutcome.Stored or IngestOutcome.Duplicate => CStoreResult.Success,
            IngestOutcome.OutOfResources => CStoreResult.OutOfResources(result.Message),
            _ => CStoreResult.CannotUnderstand(result.Message),
        };
    }
}
