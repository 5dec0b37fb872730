// Log messages of the inference queue and workers: EventIds 1300-1399.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class InferenceLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Inference worker for device {Device} started")]
    public static partial void WorkerStarted(ILogger logger, string device);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Job {JobId}: inference with {Model} on {Device} took {Seconds:F2} s, {Outputs} output file(s)")]
    public static partial void Completed(ILogger logger, long jobId, string model, string device, double seconds, int outputs);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "Job {JobId}: inference attempt {Attempt} failed")]
    public static partial void Failed(ILogger logger, long jobId, int attempt, Exception exception);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Inference worker for {Device} failed; restarting its loop")]
    public static partial void WorkerLoopFailed(ILogger logger, string device, Exception exception);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Loaded model {Model} version {Version} from {Path}")]
    public static partial void ModelLoaded(ILogger logger, string model, string version, string path);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Job {JobId}: model {Model} found no foreground; only the uncertainty map is written")]
    public static partial void NothingSegmented(ILogger logger, long jobId, string model);
}
