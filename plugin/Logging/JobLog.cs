// Log messages of the job store, assembly and routing: EventIds 1200-1299.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class JobLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Job {JobId}: {From} -> {To} {Detail}")]
    public static partial void Transition(ILogger logger, long jobId, string from, string to, string detail);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Job {JobId}: series {SeriesUid} routed to model {Model} by rule '{Rule}'")]
    public static partial void Routed(ILogger logger, long jobId, string seriesUid, string model, string rule);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Job {JobId}: series {SeriesUid} not processed: {Reason}")]
    public static partial void NotRouted(ILogger logger, long jobId, string seriesUid, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Assembly loop failed; retrying")]
    public static partial void AssemblyLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Debug, Message = "Job {JobId}: transition {From} -> {To} lost a race (state changed meanwhile)")]
    public static partial void TransitionLost(ILogger logger, long jobId, string from, string to);
}
