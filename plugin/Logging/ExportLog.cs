// Log messages of the export pipeline: EventIds 1400-1499.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class ExportLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Study {StudyInstanceUid}: delivered {Files} file(s) of job(s) {JobIds} to {Destination}")]
    public static partial void Delivered(ILogger logger, string studyInstanceUid, int files, string jobIds, string destination);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Study {StudyInstanceUid}: export to {Destination} failed (attempt {Attempt} of {MaxAttempts})")]
    public static partial void AttemptFailed(ILogger logger, string studyInstanceUid, string destination, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Error, Message = "Study {StudyInstanceUid}: export gave up after {Attempts} attempt(s); job(s) {JobIds} moved to dead letter")]
    public static partial void DeadLettered(ILogger logger, string studyInstanceUid, int attempts, string jobIds);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Debug, Message = "Destination {Destination}: retry {Attempt} in {DelayMs} ms")]
    public static partial void Retrying(ILogger logger, string destination, int attempt, double delayMs);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Destination {Destination}: circuit opened for {BreakSeconds} s")]
    public static partial void CircuitOpened(ILogger logger, string destination, double breakSeconds);

    [LoggerMessage(EventId = 1405, Level = LogLevel.Error, Message = "Export loop failed; retrying")]
    public static partial void LoopFailed(ILogger logger, Exception exception);
}
