// Source-generated log messages of the DICOM network layer; EventIds 5000-5099.
using System.Net;
using Microsoft.Extensions.Logging;

namespace PacsSeg.Dicom.Network;

internal static partial class NetworkLog
{
    [LoggerMessage(5000, LogLevel.Information, "DICOM server {AeTitle} listening on {EndPoint}")]
    public static partial void Listening(ILogger logger, string aeTitle, EndPoint? endPoint);

    [LoggerMessage(5001, LogLevel.Information, "DICOM server stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(5002, LogLevel.Debug, "Connection from {Remote}")]
    public static partial void Connected(ILogger logger, EndPoint? remote);

    [LoggerMessage(5003, LogLevel.Information, "Association accepted: {CallingAe} -> {CalledAe}, {Accepted}/{Proposed} contexts, max PDU {MaxPdu}")]
    public static partial void Accepted(ILogger logger, string callingAe, string calledAe, int accepted, int proposed, uint maxPdu);

    [LoggerMessage(5004, LogLevel.Warning, "Association rejected: {CallingAe} -> {CalledAe} from {Remote}: {Reason}")]
    public static partial void Rejected(ILogger logger, string callingAe, string calledAe, EndPoint? remote, RejectReason reason);

    [LoggerMessage(5005, LogLevel.Warning, "Association aborted: protocol error {Reason}: {Detail}")]
    public static partial void ProtocolError(ILogger logger, AbortReason reason, string detail);

    [LoggerMessage(5006, LogLevel.Warning, "Association timed out: {Detail}")]
    public static partial void TimedOut(ILogger logger, string detail);

    [LoggerMessage(5007, LogLevel.Information, "Association released after {Instances} instances")]
    public static partial void Released(ILogger logger, int instances);

    [LoggerMessage(5008, LogLevel.Warning, "Association ended abnormally: {Detail}")]
    public static partial void Ended(ILogger logger, string detail);

    [LoggerMessage(5009, LogLevel.Debug, "C-STORE {SopInstanceUid} ({SopClassUid}, {TransferSyntax}): status {Status:X4}")]
    public static partial void Stored(ILogger logger, string sopInstanceUid, string sopClassUid, string transferSyntax, ushort status);

    [LoggerMessage(5010, LogLevel.Error, "C-STORE handler failed for {SopInstanceUid}")]
    public static partial void StoreHandlerFailed(ILogger logger, Exception exception, string sopInstanceUid);

    [LoggerMessage(5011, LogLevel.Debug, "C-ECHO answered {Status:X4}")]
    public static partial void Echoed(ILogger logger, ushort status);

    [LoggerMessage(5012, LogLevel.Warning, "Unsupported DIMSE command 0x{Command:X4} answered with 0211")]
    public static partial void UnsupportedCommand(ILogger logger, ushort command);

    [LoggerMessage(5013, LogLevel.Warning, "TLS handshake with {Remote} failed")]
    public static partial void TlsFailed(ILogger logger, Exception exception, EndPoint? remote);

    [LoggerMessage(5020, LogLevel.Information, "SCU association {CallingAe} -> {CalledAe} at {Host}:{Port}: {Accepted}/{Proposed} contexts accepted")]
    public static partial void ClientAssociated(ILogger logger, string callingAe, string calledAe, string host, int port, int accepted, int proposed);

    [LoggerMessage(5021, LogLevel.Debug, "SCU C-STORE {SopInstanceUid}: status {Status:X4}")]
    public static partial void ClientStored(ILogger logger, string sopInstanceUid, ushort status);

    [LoggerMessage(5022, LogLevel.Warning, "SCU C-STORE {SopInstanceUid} not sent: {Reason}")]
    public static partial void ClientStoreSkipped(ILogger logger, string sopInstanceUid, string reason);
}
