// Log messages of the DICOMweb server (QIDO-RS / WADO-RS over results): EventIds 1800-1899.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class DicomWebLog
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Warning, Message = "Result file {Path} of job {JobId} is not readable DICOM and is left out of QIDO/WADO: {Reason}")]
    public static partial void UnreadableResult(ILogger logger, string path, long jobId, string reason);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Debug, Message = "Result index: {Jobs} job(s) indexed")]
    public static partial void Indexed(ILogger logger, int jobs);
}
