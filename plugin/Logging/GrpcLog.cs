// Log messages of the gRPC layer: EventIds 1600-1699.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Debug, Message = "gRPC {Method} finished with {Status} in {Milliseconds:F1} ms")]
    public static partial void CallFinished(ILogger logger, string method, string status, double milliseconds);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "gRPC {Method} rejected: {Status} {Message}")]
    public static partial void CallRejected(ILogger logger, string method, string status, string message);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "gRPC {Method} failed with an unexpected error")]
    public static partial void CallFailed(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information, Message = "Removed {Count} Segment upload folder(s) left by an earlier run")]
    public static partial void UploadsRemoved(ILogger logger, int count);
}
