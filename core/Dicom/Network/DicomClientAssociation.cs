// An open association on the SCU side. Operations run one at a time (asynchronous operations window of 1).
// Any failure in the middle of an operation (timeout, cancellation, protocol error) aborts the association,
// since its state is then unknown.
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Network.Dimse;
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Network;

public sealed partial class DicomClientAssociation : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly PduChannel _channel;
    private readonly DicomClientOptions _options;
    private readonly ILogger _logger;
    private readonly DicomNetworkMetrics? _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ushort _messageId;
    private bool _closed;
    private bool _transportClosed;

    internal DicomClientAssociation(Stream stream, PduChannel channel, DicomClientOptions options, ILogger logger,
        DicomNetworkMetrics? metrics, IReadOnlyList<DicomPresentationContext> contexts, string calledAe)
    {
        _stream = stream;
        _channel = channel;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        Contexts = contexts;
        CalledAe = calledAe;
    }

    public string CalledAe { get; }

    public IReadOnlyList<DicomPresentationContext> Contexts { get; }

    public bool IsOpen => !_closed;

    /// <summary>The accepted context for an abstract syntax and transfer syntax, if any.</summary>
    public DicomPresentationContext? FindContext(string abstractSyntax, string? transferSyntax = null) =>
        Contexts.FirstOrDefault(c => c.IsAccepted && c.AbstractSyntax == abstractSyntax &&
                                     (transferSyntax is null || c.TransferSyntax == transferSyntax));

    public async Task<ushort> EchoAsync(CancellationToken cancellationToken)
    {
        var ctx = FindContext(DicomNetworkUids.Verification)
            ?? throw new DicomNetworkException("The peer did not accept the Verification SOP class.");
        var cmd = new DimseCommand { Field = DimseCommandField.CEchoRequest, HasDataSet = false };
        cmd.SetString(DimseCommand.AffectedSopClassUid, DicomNetworkUids.Verification);
        var rsp = await RunAsync(cmd, ctx.Id, null, 0, cancellationToken).ConfigureAwait(false);
        return rsp.GetUInt16(DimseCommand.Status);
    }

    /// <summary>Sends one data set (encoded in <paramref name="transferSyntaxUid"/>, no file meta) read from <paramref name="dataSet"/>.</summary>
    public async Task<DicomStoreResult> StoreAsync(string sopClassUid, string sopInstanceUid, string transferSyntaxUid,
        Stream dataSet, long length, CancellationToken cancellationToken)
    {
        var ctx = FindContext(sopClassUid, transferSyntaxUid);
        if (ctx is null)
        {
            const string reason = "no accepted presentation context for its SOP class and transfer syntax";
            NetworkLog.ClientStoreSkipped(_logger, sopInstanceUid, reason);
            return new DicomStoreResult(sopInstanceUid, null, null, reason);
        }
        var cmd = new DimseCommand { Field = DimseCommandField.CStoreRequest, HasDataSet = true };
        cmd.SetString(DimseCommand.AffectedSopClassUid, sopClassUid);
        cmd.SetString(DimseCommand.AffectedSopInstanceUid, sopInstanceUid);
        cmd.SetUInt16(DimseCommand.Priority, 0);
        var rsp = await RunAsync(cmd, ctx.Id, dataSet, length, cancellationToken).ConfigureAwait(false);
        ushort status = rsp.GetUInt16(DimseCommand.Status);
        NetworkLog.ClientStored(_logger, sopInstanceUid, status);
        if (!DicomStatus.IsFailure(status))
            _metrics?.InstanceSent();
        return new DicomStoreResult(sopInstanceUid, null, status, DicomStatus.IsFailure(status) ? rsp.GetString(DimseCommand.ErrorComment) ?? $"status {status:X4}" : null);
    }

    /// <summary>Sends a Part 10 file as it is on disk (its data set is not re-encoded).</summary>
    public async Task<DicomStoreResult> StoreFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var meta = await FileMetaCodec.ReadAsync(file, cancellationToken).ConfigureAwait(false);
        file.Position = meta.DataSetOffset;
        var result = await StoreAsync(meta.SopClassUid, meta.SopInstanceUid, meta.TransferSyntaxUid, file,
            file.Length - meta.DataSetOffset, cancellationToken).ConfigureAwait(false);
        return result with { SourcePath = path };
    }

    private ushort NextMessageId() => _messageId = (ushort)(_messageId == ushort.MaxValue ? 1 : _messageId + 1);

    /// <summary>Sends one request and waits for its final response (pending responses go to <paramref name="onPending"/>).</summary>
    private async Task<DimseCommand> RunAsync(DimseCommand cmd, byte contextId, Stream? dataSet, long length,
        CancellationToken ct, byte[]? dataSetBytes = null, Func<DimseCommand, byte[]?, ValueTask>? onPending = null)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ushort id = NextMessageId();
            cmd.SetUInt16(DimseCommand.MessageId, id);
            await _channel.SendPdvsAsync(contextId, true, cmd.Encode(), _options.MaxSendPduLength, ct).ConfigureAwait(false);
            if (dataSet is not null)
                await _channel.SendPdvsAsync(contextId, dataSet, length, _options.MaxSendPduLength, ct).ConfigureAwait(false);
            else if (dataSetBytes is not null)
                await _channel.SendPdvsAsync(contextId, false, dataSetBytes, _options.MaxSendPduLength, ct).ConfigureAwait(false);
            while (true)
            {
                var (rsp, data) = await ReadMessageAsync(ct).ConfigureAwait(false);
                if (rsp.GetUInt16(DimseCommand.MessageIdBeingRespondedTo, 0) != id)
                    throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Response to another message ID.");
                ushort status = rsp.GetUInt16(DimseCommand.Status);
                if (DicomStatus.IsPending(status) && onPending is not null)
                {
                    await onPending(rsp, data).ConfigureAwait(false);
                    continue;
                }
                return rsp;
            }
        }
        catch (Exception e) when (e is not DicomAssociationRejectedException)
        {
            // Cancellation, timeout or a broken peer in the middle of an operation: the association's state is
            // unknown, so it cannot be used again.
            await AbortAsync(e is DicomProtocolException p ? p.Reason : AbortReason.NotSpecified).ConfigureAwait(false);
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<(DimseCommand Command, byte[]? DataSet)> ReadMessageAsync(CancellationToken ct)
    {
        var command = new MemoryStream();
        MemoryStream? data = null;
        DimseCommand? cmd = null;
        while (true)
        {
            var ev = await ReadAsync(_options.DimseTimeout, "a DIMSE response", ct).ConfigureAwait(false);
            if (ev.IsClosed)
                throw new DicomAssociationAbortedException("The peer closed the connection during an operation.");
            if (ev.Type == PduType.Abort)
            {
                _closed = true;
                var body = ev.Body.Span;
                throw new DicomAssociationAbortedException((AbortSource)body[2], (AbortReason)body[3]);
            }
            if (ev.Type != PduType.DataTransfer)
                throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {ev.Type} while waiting for a response.");
            var pdv = ev.Pdv;
            if (pdv.IsCommand)
            {
                if (cmd is not null || command.Length + pdv.Data.Length > DimseCommand.MaxEncodedLength)
                    throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Malformed response command.");
                command.Write(pdv.Data.Span);
                if (!pdv.IsLast)
                    continue;
                cmd = DimseCommand.Decode(command.ToArray());
                if (!cmd.HasDataSet)
                    return (cmd, null);
                data = new MemoryStream();
            }
            else
            {
                if (cmd is null || data is null)
                    throw new DicomProtocolException(AbortReason.UnexpectedPduParameter, "Data set fragment before its command.");
                if (data.Length + pdv.Data.Length > _options.MaxResponseDataSetLength)
                    throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Response data set exceeds MaxResponseDataSetLength.");
                data.Write(pdv.Data.Span);
                if (pdv.IsLast)
                    return (cmd, data.ToArray());
            }
        }
    }

    private async ValueTask<PduEvent> ReadAsync(TimeSpan timeout, string waitingFor, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            return await _channel.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No answer within {timeout.TotalSeconds:0.#} s while waiting for {waitingFor}.");
        }
    }

    /// <summary>Orderly release: A-RELEASE-RQ, wait for A-RELEASE-RP, close.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_closed)
            return;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _channel.WriteAsync(PduCodec.EncodeReleaseRequest(), cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var ev = await ReadAsync(_options.AssociationTimeout, "A-RELEASE-RP", cancellationToken).ConfigureAwait(false);
                if (ev.IsClosed || ev.Type is PduType.ReleaseResponse or PduType.Abort)
                    break;
                if (ev.Type == PduType.ReleaseRequest)
                {
                    // Release collision (PS3.8 9.2.1): as requestor we answer and then expect our own RP.
                    await _channel.WriteAsync(PduCodec.EncodeReleaseResponse(), cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (ev.Type != PduType.DataTransfer)
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {ev.Type} while releasing.");
            }
        }
        catch (Exception e) when (e is TimeoutException or DicomProtocolException or IOException or SocketException)
        {
            await AbortCoreAsync(AbortReason.NotSpecified).ConfigureAwait(false);
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
            _gate.Release();
        }
    }

    /// <summary>Ends the association at once with A-ABORT.</summary>
    public Task AbortAsync() => AbortAsync(AbortReason.NotSpecified);

    private async Task AbortAsync(AbortReason reason)
    {
        await AbortCoreAsync(reason).ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
    }

    private async Task AbortCoreAsync(AbortReason reason)
    {
        if (_closed)
            return;
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var source = reason == AbortReason.NotSpecified ? AbortSource.ServiceUser : AbortSource.ServiceProvider;
            await _channel.WriteAsync(PduCodec.EncodeAbort(source, reason), cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection is gone already.
        }
    }

    private async Task CloseAsync()
    {
        _closed = true;
        if (_transportClosed)
            return;
        _transportClosed = true;
        await _stream.DisposeAsync().ConfigureAwait(false);
        _channel.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            try
            {
                using var cts = new CancellationTokenSource(_options.AssociationTimeout);
                await ReleaseAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or DicomNetworkException)
            {
                await AbortAsync().ConfigureAwait(false);
            }
        }
        _gate.Dispose();
    }
}
