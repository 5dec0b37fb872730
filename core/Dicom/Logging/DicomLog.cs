// Log messages of PacsSeg.Dicom's file and dataset reading (event ids 4000-4099).
using Microsoft.Extensions.Logging;

namespace PacsSeg.Dicom.Logging;

internal static partial class DicomLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Warning, Message = "Tolerated a DICOM encoding problem at {Tag}, offset {Offset}: {Problem}")]
    public static partial void ToleratedProblem(ILogger logger, string tag, long offset, string problem);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Debug, Message = "GDCM codecs are not available: {Reason}")]
    public static partial void GdcmUnavailable(ILogger logger, string reason);
}
