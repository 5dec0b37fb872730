// C-STORE on the SCP side: the data set streams into the handler while it arrives.
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Network.Dimse;

namespace PacsSeg.Dicom.Network.Server;

internal sealed partial class ServerAssociation
{
    private async Task StoreAsync(DimseCommand cmd, byte contextId, ICStoreHandler handler, CancellationToken stopping)
    {
        string sopClass = cmd.GetString(DimseCommand.AffectedSopClassUid) ?? "";
        string sopInstance = cmd.GetString(DimseCommand.AffectedSopInstanceUid) ?? "";
        if (sopClass != _abstractSyntaxes[contextId] || sopInstance.Length == 0)
        {
            await DrainDataSetAsync(contextId, null, stopping).ConfigureAwait(false);
            var bad = DimseCommand.Response(cmd, DimseCommandField.CStoreResponse,
                sopInstance.Length == 0 ? DicomStatus.CannotUnderstand : DicomStatus.SopClassNotSupported);
            await SendCommandAsync(bad, contextId, stopping).ConfigureAwait(false);
            _metrics.InstanceReceived(false);
            return;
        }

        var pipe = new DataSetPipe();
        var request = new CStoreRequest(_info!, cmd.GetUInt16(DimseCommand.MessageId, 0), sopClass, sopInstance,
            _accepted[contextId].TransferSyntax, pipe.Reader);
        using var handlerCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        // Task.Run: a handler that does blocking work before its first await must not stall the reader.
        var handlerTask = Task.Run(() => handler.OnStoreAsync(request, handlerCts.Token).AsTask(), CancellationToken.None);
        CStoreResult result;
        try
        {
            await DrainDataSetAsync(contextId, pipe, stopping, handlerTask).ConfigureAwait(false);
            pipe.Complete();
        }
        catch (Exception e)
        {
            pipe.Complete(e);
            handlerCts.Cancel();
            try
            {
                await handlerTask.ConfigureAwait(false);
            }
            catch (Exception handlerError) when (handlerError is not OutOfMemoryException)
            {
                // The association is failing anyway; the handler's own error adds nothing.
            }
            pipe.Drain();
            _metrics.InstanceReceived(false);
            throw;
        }

        // While the handler finishes (fsync can take a while) keep reading, so that an A-ABORT or a dropped
        // connection cancels the handler instead of leaving it running for a peer that is gone.
        var watch = _channel.ReadAsync(stopping).AsTask();
        if (await Task.WhenAny(handlerTask, watch).ConfigureAwait(false) == watch &&
            (watch.IsFaulted || watch.Result.IsClosed || watch.Result.Type == Pdu.PduType.Abort))
        {
            await handlerCts.CancelAsync().ConfigureAwait(false);
            try
            {
                await handlerTask.ConfigureAwait(false);
            }
            catch (Exception handlerError) when (handlerError is not OutOfMemoryException)
            {
                // Cancelled because the peer left; its error is not news.
            }
            pipe.Drain();
            _metrics.InstanceReceived(false);
            await watch.ConfigureAwait(false);
            throw new DicomAssociationAbortedException("The peer aborted or left while its instance was being stored.");
        }
        // Anything else the peer sent early (typically A-RELEASE-RQ) is handled after our response.
        _pendingRead = watch;
        try
        {
            result = await handlerTask.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            NetworkLog.StoreHandlerFailed(_logger, e, sopInstance);
            result = e switch
            {
                IOException => CStoreResult.OutOfResources(e.Message),
                InvalidDataException or FormatException => CStoreResult.CannotUnderstand(e.Message),
                _ => CStoreResult.ProcessingFailure(e.Message),
            };
        }
        finally
        {
            pipe.Drain();
            await pipe.Reader.DisposeAsync().ConfigureAwait(false);
        }

        _instances++;
        _metrics.AddBytesReceived(pipe.BytesWritten);
        _metrics.InstanceReceived(!DicomStatus.IsFailure(result.Status));
        NetworkLog.Stored(_logger, sopInstance, sopClass, request.TransferSyntaxUid, result.Status);
        var rsp = DimseCommand.Response(cmd, DimseCommandField.CStoreResponse, result.Status);
        if (result.ErrorComment is { Length: > 0 } comment && result.Status != DicomStatus.Success)
            rsp.SetString(DimseCommand.ErrorComment, Sanitize(comment));
        await SendCommandAsync(rsp, contextId, stopping).ConfigureAwait(false);
    }

    /// <summary>ErrorComment is LO: at most 64 characters of the default repertoire.</summary>
    private static string Sanitize(string comment)
    {
        var chars = comment.Select(c => c is >= ' ' and < (char)0x7F and not '\\' ? c : ' ').Take(64).ToArray();
        return new string(chars).Trim();
    }
}
