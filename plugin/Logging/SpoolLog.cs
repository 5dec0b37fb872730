// Log messages of the spool and ingest: EventIds 1100-1199.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class SpoolLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Spooled {SopInstanceUid} ({Bytes} bytes) to {Path}")]
    public static partial void Spooled(ILogger logger, string sopInstanceUid, long bytes, string path);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Spool nearly full: {FreeBytes} bytes free, {MinFreeBytes} required; refusing {SopInstanceUid} from {SourceAe}")]
    public static partial void SpoolFull(ILogger logger, long freeBytes, long minFreeBytes, string sopInstanceUid, string sourceAe);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "Rejected instance from {SourceAe}: {Reason}")]
    public static partial void Rejected(ILogger logger, string sourceAe, string reason);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Duplicate instance {SopInstanceUid} from {SourceAe}: already recorded, acknowledged again")]
    public static partial void Duplicate(ILogger logger, string sopInstanceUid, string sourceAe);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Instance {SopInstanceUid} arrived after its series (job {JobId}) was already {State}; kept, not processed again")]
    public static partial void LateInstance(ILogger logger, string sopInstanceUid, long jobId, string state);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "Removed {Count} leftover temporary spool file(s) from an interrupted write")]
    public static partial void TempFilesRemoved(ILogger logger, int count);
}
