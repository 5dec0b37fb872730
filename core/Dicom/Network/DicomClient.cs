// The SCU: opens associations, and sends many instances over one association with per-instance status.
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Dicom.Network.Dimse;
using PacsSeg.Dicom.Network.Pdu;

namespace PacsSeg.Dicom.Network;

public sealed class DicomClient
{
    /// <summary>PS3.8: at most 128 presentation contexts per association (odd IDs 1..255).</summary>
    public const int MaxContextsPerAssociation = 128;

    private readonly DicomClientOptions _options;
    private readonly ILogger _logger;
    private readonly DicomNetworkMetrics? _metrics;

    public DicomClient(DicomClientOptions options, ILogger<DicomClient>? logger = null, DicomNetworkMetrics? metrics = null)
    {
        if (!DicomServerOptionsValidator.IsValidAeTitle(options.CallingAe))
            throw new ArgumentException($"Calling AE title '{options.CallingAe}' is not valid.", nameof(options));
        _options = options;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _metrics = metrics;
    }

    public async Task<DicomClientAssociation> AssociateAsync(string host, int port, string calledAe,
        IEnumerable<DicomPresentationContextRequest> contexts, CancellationToken cancellationToken)
    {
        if (!DicomServerOptionsValidator.IsValidAeTitle(calledAe))
            throw new ArgumentException($"Called AE title '{calledAe}' is not valid.", nameof(calledAe));
        var rq = new AssociateRequest { CalledAe = calledAe, CallingAe = _options.CallingAe };
        byte id = 1;
        foreach (var c in contexts)
        {
            if (rq.Contexts.Count == MaxContextsPerAssociation)
                throw new ArgumentException($"More than {MaxContextsPerAssociation} presentation contexts.", nameof(contexts));
            rq.Contexts.Add(new PresentationContextProposal(id, c.AbstractSyntax, c.TransferSyntaxes));
            id += 2;
        }
        if (rq.Contexts.Count == 0)
            throw new ArgumentException("At least one presentation context is needed.", nameof(contexts));
        rq.UserInformation = new UserInformation { MaxPduLength = _options.MaxPduLength };
        if (_options.UserName is { } user)
        {
            rq.UserInformation.Identity = new UserIdentity(_options.Password is null ? (byte)1 : (byte)2, false,
                Encoding.UTF8.GetBytes(user), _options.Password is null ? Array.Empty<byte>() : Encoding.UTF8.GetBytes(_options.Password));
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        PduChannel? channel = null;
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(_options.ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(host, port, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"Could not connect to {host}:{port} within {_options.ConnectTimeout.TotalSeconds:0.#} s.");
                }
            }
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.UseTls)
            {
                var ssl = new SslStream(stream, false, _options.TlsCertificateValidation);
                stream = ssl;
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _options.TlsTargetHost ?? host },
                    cancellationToken).ConfigureAwait(false);
            }
            channel = new PduChannel(stream, _options.MaxPduLength);
            await channel.WriteAsync(PduCodec.EncodeAssociateRequest(rq), cancellationToken).ConfigureAwait(false);
            PduEvent ev;
            using (var artim = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                artim.CancelAfter(_options.AssociationTimeout);
                try
                {
                    ev = await channel.ReadAsync(artim.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"No A-ASSOCIATE answer from {calledAe} within {_options.AssociationTimeout.TotalSeconds:0.#} s.");
                }
            }
            switch (ev.Type)
            {
                case PduType.AssociateAccept:
                    break;
                case PduType.AssociateReject:
                    var b = ev.Body.Span;
                    throw new DicomAssociationRejectedException((RejectResult)b[1], (RejectSource)b[2], b[3]);
                case PduType.Abort:
                    throw new DicomAssociationAbortedException((AbortSource)ev.Body.Span[2], (AbortReason)ev.Body.Span[3]);
                case 0:
                    throw new DicomAssociationAbortedException("The peer closed the connection instead of answering A-ASSOCIATE-RQ.");
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"Unexpected {ev.Type} in answer to A-ASSOCIATE-RQ.");
            }
            var ac = PduCodec.DecodeAssociateAccept(ev.Body.Span);
            channel.MaxSendPduLength = ac.UserInformation.MaxPduLength;
            var negotiated = new List<DicomPresentationContext>();
            foreach (var p in rq.Contexts)
            {
                var answer = ac.Contexts.FirstOrDefault(a => a.Id == p.Id);
                var result = answer?.Result ?? PresentationContextResult.NoReason;
                // An acceptor must pick one of the syntaxes we proposed; anything else we could not encode.
                if (result == PresentationContextResult.Acceptance && !p.TransferSyntaxes.Contains(answer!.TransferSyntax))
                    result = PresentationContextResult.TransferSyntaxesNotSupported;
                negotiated.Add(new DicomPresentationContext(p.Id, p.AbstractSyntax, answer?.TransferSyntax ?? "", result));
            }
            NetworkLog.ClientAssociated(_logger, _options.CallingAe, calledAe, host, port, negotiated.Count(n => n.IsAccepted), negotiated.Count);
            var association = new DicomClientAssociation(stream, channel, _options, _logger, _metrics, negotiated, calledAe);
            stream = null;
            channel = null;
            return association;
        }
        catch (DicomProtocolException e) when (channel is not null)
        {
            try
            {
                await channel.WriteAsync(PduCodec.EncodeAbort(AbortSource.ServiceProvider, e.Reason), CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception inner) when (inner is IOException or SocketException or ObjectDisposedException)
            {
                // The peer is gone; the protocol error is what matters.
            }
            throw;
        }
        finally
        {
            channel?.Dispose();
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
            else if (channel is not null || !socket.Connected)
                socket.Dispose();
        }
    }

    /// <summary>Opens an association with only Verification, sends C-ECHO, releases; returns the status.</summary>
    public async Task<ushort> EchoAsync(string host, int port, string calledAe, CancellationToken cancellationToken)
    {
        await using var association = await AssociateAsync(host, port, calledAe,
            new[] { new DicomPresentationContextRequest(DicomNetworkUids.Verification, new[] { DicomNetworkUids.ExplicitVRLittleEndian, DicomNetworkUids.ImplicitVRLittleEndian }) },
            cancellationToken).ConfigureAwait(false);
        ushort status = await association.EchoAsync(cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return status;
    }

    /// <summary>One association: C-FIND, release. Returns the matches.</summary>
    public async Task<IReadOnlyList<DicomDataset>> FindAsync(string host, int port, string calledAe, DicomQueryRoot root,
        DicomDataset identifier, CancellationToken cancellationToken)
    {
        await using var association = await AssociateAsync(host, port, calledAe, DicomQueries.QueryRetrieveContexts(), cancellationToken)
            .ConfigureAwait(false);
        var matches = await association.FindAsync(root, identifier, cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return matches;
    }

    /// <summary>One association: C-MOVE to <paramref name="destinationAe"/>, release. Returns the final counts.</summary>
    public async Task<DicomMoveResult> MoveAsync(string host, int port, string calledAe, DicomQueryRoot root,
        DicomDataset identifier, string destinationAe, IProgress<DicomMoveResult>? progress, CancellationToken cancellationToken)
    {
        await using var association = await AssociateAsync(host, port, calledAe, DicomQueries.QueryRetrieveContexts(), cancellationToken)
            .ConfigureAwait(false);
        var result = await association.MoveAsync(root, identifier, destinationAe, progress, cancellationToken).ConfigureAwait(false);
        await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Sends Part 10 files over as few associations as possible (one unless more than 128 SOP class and
    /// transfer syntax pairs are present), proposing exactly the pairs the files have. Returns one result per
    /// file, in order; a file that could not be sent has <see cref="DicomStoreResult.Error"/> set.
    /// </summary>
    public async Task<IReadOnlyList<DicomStoreResult>> StoreFilesAsync(string host, int port, string calledAe,
        IEnumerable<string> paths, IProgress<DicomStoreResult>? progress, CancellationToken cancellationToken)
    {
        var files = paths.ToList();
        var results = new DicomStoreResult?[files.Count];
        var metas = new FileMetaCodec.FileMeta?[files.Count];
        for (int i = 0; i < files.Count; i++)
        {
            try
            {
                await using var fs = new FileStream(files[i], FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.Asynchronous);
                metas[i] = await FileMetaCodec.ReadAsync(fs, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                results[i] = new DicomStoreResult("", files[i], null, $"unreadable DICOM file: {e.Message}");
                progress?.Report(results[i]!);
            }
        }
        var pairs = metas.Where(m => m is not null).Select(m => (m!.SopClassUid, m.TransferSyntaxUid)).Distinct().ToList();
        for (int start = 0; start < pairs.Count; start += MaxContextsPerAssociation)
        {
            var batch = pairs.Skip(start).Take(MaxContextsPerAssociation).ToHashSet();
            var indices = Enumerable.Range(0, files.Count).Where(i => metas[i] is { } m && batch.Contains((m.SopClassUid, m.TransferSyntaxUid))).ToList();
            DicomClientAssociation association;
            try
            {
                association = await AssociateAsync(host, port, calledAe,
                    batch.Select(p => new DicomPresentationContextRequest(p.SopClassUid, new[] { p.TransferSyntaxUid })), cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception e) when (e is DicomNetworkException or IOException or SocketException or TimeoutException)
            {
                foreach (var i in indices)
                {
                    results[i] = new DicomStoreResult(metas[i]!.SopInstanceUid, files[i], null, $"association failed: {e.Message}");
                    progress?.Report(results[i]!);
                }
                continue;
            }
            await using (association.ConfigureAwait(false))
            {
                foreach (var i in indices)
                {
                    if (!association.IsOpen)
                    {
                        results[i] = new DicomStoreResult(metas[i]!.SopInstanceUid, files[i], null, "association ended before this instance");
                    }
                    else
                    {
                        try
                        {
                            results[i] = await association.StoreFileAsync(files[i], cancellationToken).ConfigureAwait(false);
                        }
                        catch (Exception e) when (e is DicomNetworkException or IOException or SocketException or TimeoutException or InvalidDataException)
                        {
                            results[i] = new DicomStoreResult(metas[i]!.SopInstanceUid, files[i], null, e.Message);
                        }
                    }
                    progress?.Report(results[i]!);
                }
                if (association.IsOpen)
                    await association.ReleaseAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        return results.Select(r => r!).ToList();
    }
}
