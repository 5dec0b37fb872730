// One accepted TCP connection on the SCP side: association negotiation (with ARTIM), the data transfer
// loop (asynchronous operations window of 1) and release/abort.
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Network.Dimse;
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Network.Server;

internal sealed partial class ServerAssociation
{
    private readonly Stream _stream;
    private readonly IPEndPoint? _remote;
    private readonly DicomServerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger _logger;
    private readonly DicomNetworkMetrics _metrics;
    private readonly string _id;
    private readonly bool _overCapacity;
    private readonly PduChannel _channel;
    private readonly Dictionary<byte, PresentationContextAnswer> _accepted = new();
    private readonly Dictionary<byte, string> _abstractSyntaxes = new();
    private DicomAssociationInfo? _info;
    private Task<PduEvent>? _pendingRead;
    private int _instances;

    public ServerAssociation(Stream stream, IPEndPoint? remote, DicomServerOptions options, IServiceProvider services,
        ILogger logger, DicomNetworkMetrics metrics, string id, bool overCapacity)
    {
        _stream = stream;
        _remote = remote;
        _options = options;
        _services = services;
        _logger = logger;
        _metrics = metrics;
        _id = id;
        _overCapacity = overCapacity;
        _channel = new PduChannel(stream, options.MaxPduLength);
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await RunCoreAsync(stopping).ConfigureAwait(false);
        }
        catch (DicomProtocolException e)
        {
            NetworkLog.ProtocolError(_logger, e.Reason, e.Message);
            _metrics.AssociationAborted();
            await TrySendAbortAsync(e.Reason).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            NetworkLog.TimedOut(_logger, e.Message);
            _metrics.AssociationAborted();
            await TrySendAbortAsync(AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await TrySendAbortAsync(AbortReason.NotSpecified).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or DicomNetworkException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            NetworkLog.Ended(_logger, e.Message);
            _metrics.AssociationAborted();
        }
        finally
        {
            _channel.Dispose();
        }
    }

    private async Task TrySendAbortAsync(AbortReason reason)
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _channel.WriteAsync(PduCodec.EncodeAbort(AbortSource.ServiceProvider, reason), cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            // The peer is gone already; nothing more to tell it.
        }
    }

    private async ValueTask<PduEvent> ReadAsync(TimeSpan timeout, string waitingFor, CancellationToken stopping)
    {
        if (_pendingRead is { } pending)
        {
            // A read started while a handler ran (to notice A-ABORT); it is the next PDU.
            _pendingRead = null;
            try
            {
                return await pending.WaitAsync(timeout, stopping).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No complete PDU within {timeout.TotalSeconds:0.#} s while waiting for {waitingFor}.");
            }
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        cts.CancelAfter(timeout);
        try
        {
            return await _channel.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"No complete PDU within {timeout.TotalSeconds:0.#} s while waiting for {waitingFor}.");
        }
    }

    private async Task RunCoreAsync(CancellationToken stopping)
    {
        var ev = await ReadAsync(_options.ArtimTimeout, "A-ASSOCIATE-RQ", stopping).ConfigureAwait(false);
        if (ev.IsClosed)
            return;
        if (ev.Type != PduType.AssociateRequest)
            throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Expected A-ASSOCIATE-RQ, got {ev.Type}.");
        var rq = PduCodec.DecodeAssociateRequest(ev.Body.Span);
        _info = new DicomAssociationInfo(_id, rq.CallingAe, rq.CalledAe, _remote);

        var reject = await CheckRequestAsync(rq, stopping).ConfigureAwait(false);
        if (reject is { } r)
        {
            NetworkLog.Rejected(_logger, rq.CallingAe, rq.CalledAe, _remote, r.Reason);
            _metrics.AssociationRejected();
            await _channel.WriteAsync(PduCodec.EncodeAssociateReject(r.Result, r.Reason), stopping).ConfigureAwait(false);
            await WaitForCloseAsync(stopping).ConfigureAwait(false);
            return;
        }

        var storeHandler = _services.GetService<ICStoreHandler>();
        var codecs = _services.GetService<ITransferSyntaxCodecs>();
        var ac = new AssociateAccept { CalledAe = rq.CalledAe, CallingAe = rq.CallingAe };
        foreach (var pc in rq.Contexts)
        {
            var answer = ContextNegotiator.Negotiate(pc, storeHandler is not null, storeHandler?.StoresAsReceived ?? false,
                _options.AcceptedSopClasses, codecs);
            ac.Contexts.Add(answer);
            if (answer.Result == PresentationContextResult.Acceptance)
            {
                _accepted[pc.Id] = answer;
                _abstractSyntaxes[pc.Id] = pc.AbstractSyntax;
            }
        }
        ac.UserInformation = new UserInformation
        {
            MaxPduLength = _options.MaxPduLength,
            MaxOperationsInvoked = rq.UserInformation.MaxOperationsInvoked is null ? null : (ushort)1,
            MaxOperationsPerformed = 1,
        };
        // We accept a user identity without checking it (no positive response requested is honoured);
        // when the requestor asks for a response we send an empty one, as PS3.7 D.3.3.7.2 allows for username.
        if (rq.UserInformation.Identity is { PositiveResponseRequested: true })
            ac.UserInformation.IdentityServerResponse = Array.Empty<byte>();
        _channel.MaxSendPduLength = rq.UserInformation.MaxPduLength;
        await _channel.WriteAsync(PduCodec.EncodeAssociateAccept(ac), stopping).ConfigureAwait(false);
        _metrics.AssociationAccepted();
        NetworkLog.Accepted(_logger, rq.CallingAe, rq.CalledAe, _accepted.Count, rq.Contexts.Count, rq.UserInformation.MaxPduLength);

        await DataTransferAsync(storeHandler, stopping).ConfigureAwait(false);
    }

    private async Task<(RejectResult Result, RejectReason Reason)?> CheckRequestAsync(AssociateRequest rq, CancellationToken ct)
    {
        if ((rq.ProtocolVersion & 1) == 0)
            return (RejectResult.Permanent, RejectReason.ProtocolVersionNotSupported);
        if (rq.ApplicationContext != DicomNetworkUids.ApplicationContext)
            return (RejectResult.Permanent, RejectReason.ApplicationContextNameNotSupported);
        if (_options.CheckCalledAe && !string.Equals(rq.CalledAe, _options.AeTitle, StringComparison.Ordinal))
            return (RejectResult.Permanent, RejectReason.CalledAeNotRecognized);
        if (_options.AllowedCallers.Count > 0 && !await IsAllowedCallerAsync(rq.CallingAe, ct).ConfigureAwait(false))
            return (RejectResult.Permanent, RejectReason.CallingAeNotRecognized);
        if (_overCapacity)
            return (RejectResult.Transient, RejectReason.LocalLimitExceeded);
        return null;
    }

    private async Task<bool> IsAllowedCallerAsync(string callingAe, CancellationToken ct)
    {
        foreach (var rule in _options.AllowedCallers)
        {
            if (!string.Equals(rule.AeTitle, callingAe, StringComparison.Ordinal))
                continue;
            if (string.IsNullOrEmpty(rule.Host))
                return true;
            if (_remote is null)
                continue;
            var remote = _remote.Address.IsIPv4MappedToIPv6 ? _remote.Address.MapToIPv4() : _remote.Address;
            IPAddress[] addresses;
            if (IPAddress.TryParse(rule.Host, out var ip))
                addresses = new[] { ip };
            else
            {
                try
                {
                    addresses = await Dns.GetHostAddressesAsync(rule.Host, ct).ConfigureAwait(false);
                }
                catch (System.Net.Sockets.SocketException)
                {
                    continue;
                }
            }
            if (addresses.Any(a => (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(remote)))
                return true;
        }
        return false;
    }

    /// <summary>After A-ASSOCIATE-RJ or A-RELEASE-RP the requestor closes; ARTIM bounds how long we wait.</summary>
    private async Task WaitForCloseAsync(CancellationToken stopping)
    {
        try
        {
            var ev = await ReadAsync(_options.ArtimTimeout, "the peer to close", stopping).ConfigureAwait(false);
            if (!ev.IsClosed && ev.Type != PduType.Abort)
                throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Got {ev.Type} after the association ended.");
        }
        catch (TimeoutException)
        {
            // ARTIM expired: we simply close the transport (PS3.8 9.2, state Sta13).
        }
    }

    private async Task DataTransferAsync(ICStoreHandler? storeHandler, CancellationToken stopping)
    {
        var command = new MemoryStream();
        byte commandContext = 0;
        while (true)
        {
            var ev = await ReadAsync(_options.IdleTimeout, "the next command", stopping).ConfigureAwait(false);
            switch (ev.Type)
            {
                case 0:
                    throw new DicomAssociationAbortedException("Connection closed without A-RELEASE.");
                case PduType.ReleaseRequest:
                    await _channel.WriteAsync(PduCodec.EncodeReleaseResponse(), stopping).ConfigureAwait(false);
                    NetworkLog.Released(_logger, _instances);
                    await WaitForCloseAsync(stopping).ConfigureAwait(false);
                    return;
                case PduType.Abort:
                    NetworkLog.Ended(_logger, "A-ABORT from the peer");
                    _metrics.AssociationAborted();
                    return;
                case PduType.DataTransfer:
                    break;
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {ev.Type} during data transfer.");
            }
            var pdv = ev.Pdv;
            if (!pdv.IsCommand)
                throw new DicomProtocolException(AbortReason.UnexpectedPduParameter, "Data set fragment without a preceding command.");
            if (!_accepted.ContainsKey(pdv.ContextId))
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"PDV on presentation context {pdv.ContextId}, which was not accepted.");
            if (command.Length > 0 && pdv.ContextId != commandContext)
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Command fragments on different presentation contexts.");
            commandContext = pdv.ContextId;
            if (command.Length + pdv.Data.Length > DimseCommand.MaxEncodedLength)
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "Command set longer than 64 KiB.");
            command.Write(pdv.Data.Span);
            if (!pdv.IsLast)
                continue;
            var cmd = DimseCommand.Decode(command.GetBuffer().AsSpan(0, (int)command.Length));
            command.SetLength(0);
            await HandleCommandAsync(cmd, commandContext, storeHandler, stopping).ConfigureAwait(false);
        }
    }

    private async Task HandleCommandAsync(DimseCommand cmd, byte contextId, ICStoreHandler? storeHandler, CancellationToken stopping)
    {
        switch (cmd.Field)
        {
            case DimseCommandField.CEchoRequest:
                if (cmd.HasDataSet)
                    await DrainDataSetAsync(contextId, null, stopping).ConfigureAwait(false);
                var echo = _services.GetService<ICEchoHandler>();
                ushort status = echo is null ? DicomStatus.Success : await echo.OnEchoAsync(_info!, stopping).ConfigureAwait(false);
                NetworkLog.Echoed(_logger, status);
                await SendCommandAsync(DimseCommand.Response(cmd, DimseCommandField.CEchoResponse, status), contextId, stopping).ConfigureAwait(false);
                break;
            case DimseCommandField.CStoreRequest when storeHandler is not null && cmd.HasDataSet:
                await StoreAsync(cmd, contextId, storeHandler, stopping).ConfigureAwait(false);
                break;
            case DimseCommandField.CCancelRequest:
                // Nothing is pending with a window of one; C-CANCEL has no response.
                break;
            default:
                if (cmd.HasDataSet)
                    await DrainDataSetAsync(contextId, null, stopping).ConfigureAwait(false);
                NetworkLog.UnsupportedCommand(_logger, (ushort)cmd.Field);
                var field = (DimseCommandField)((ushort)cmd.Field | 0x8000);
                ushort st = cmd.Field == DimseCommandField.CStoreRequest ? DicomStatus.CannotUnderstand : DicomStatus.UnrecognizedOperation;
                await SendCommandAsync(DimseCommand.Response(cmd, field, st), contextId, stopping).ConfigureAwait(false);
                break;
        }
    }

    private ValueTask SendCommandAsync(DimseCommand cmd, byte contextId, CancellationToken ct) =>
        _channel.SendPdvsAsync(contextId, true, cmd.Encode(), _options.MaxSendPduLength, ct);

    /// <summary>Reads the data set PDVs that follow a command, passing them to <paramref name="pipe"/> if given.</summary>
    private async Task DrainDataSetAsync(byte contextId, DataSetPipe? pipe, CancellationToken stopping, Task? consumer = null)
    {
        while (true)
        {
            var ev = await ReadAsync(_options.IdleTimeout, "data set fragments", stopping).ConfigureAwait(false);
            if (ev.IsClosed)
                throw new DicomAssociationAbortedException("Connection closed inside a data set.");
            if (ev.Type == PduType.Abort)
                throw new DicomAssociationAbortedException("A-ABORT from the peer inside a data set.");
            if (ev.Type != PduType.DataTransfer)
                throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {ev.Type} inside a data set.");
            var pdv = ev.Pdv;
            if (pdv.IsCommand || pdv.ContextId != contextId)
                throw new DicomProtocolException(AbortReason.UnexpectedPduParameter, "Command fragment or other context inside a data set.");
            if (pipe is not null && consumer is { IsCompleted: false })
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                cts.CancelAfter(_options.IdleTimeout);
                var write = pipe.WriteAsync(pdv.Data, cts.Token).AsTask();
                if (!write.IsCompleted)
                {
                    // A handler that returns without reading everything must not leave us waiting on a full pipe.
                    await Task.WhenAny(write, consumer).ConfigureAwait(false);
                    if (!write.IsCompleted)
                    {
                        pipe.Complete();
                        pipe.Drain();
                    }
                }
                try
                {
                    await write.ConfigureAwait(false);
                }
                catch (System.Threading.Channels.ChannelClosedException)
                {
                    // The handler finished early; the rest of the data set is read and dropped.
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    throw new TimeoutException("The C-STORE handler stopped reading the data set.");
                }
            }
            if (pdv.IsLast)
                return;
        }
    }
}
