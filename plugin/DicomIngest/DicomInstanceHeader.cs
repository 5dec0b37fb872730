// Reads the identifiers and routing attributes of a staged Part 10 file (header only, up to Pixel Data).
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Plugin.Ingest;

namespace PacsSeg.Plugin.DicomIngest;

public static class DicomInstanceHeader
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopAtTag = DicomTags.PixelData };

    /// <summary>
    /// The instance as the job store sees it; SOP class and instance UIDs from the command set win when given
    /// (C-STORE), else they come from the data set (STOW-RS).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a readable DICOM data set.</exception>
    public static IncomingInstance Read(string path, string sourceAe, string? sopClassUid = null, string? sopInstanceUid = null)
    {
        DicomDataset header;
        try
        {
            header = DicomFile.Open(path, HeaderOnly).Dataset;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException and not InvalidDataException)
        {
            // Untrusted bytes: whatever the parser trips on, the sender gets "cannot understand", not a 500.
            throw new InvalidDataException("Unreadable DICOM data set: " + ex.Message, ex);
        }
        return new IncomingInstance
        {
            SourceAe = sourceAe,
            StudyInstanceUid = header.GetStringOrDefault(DicomTags.StudyInstanceUID) ?? "",
            SeriesInstanceUid = header.GetStringOrDefault(DicomTags.SeriesInstanceUID) ?? "",
            SopInstanceUid = sopInstanceUid ?? header.GetStringOrDefault(DicomTags.SOPInstanceUID) ?? "",
            SopClassUid = sopClassUid ?? header.GetStringOrDefault(DicomTags.SOPClassUID) ?? "",
            Modality = header.GetStringOrDefault(DicomTags.Modality),
            BodyPartExamined = header.GetStringOrDefault(DicomTags.BodyPartExamined),
            SeriesDescription = header.GetStringOrDefault(DicomTags.SeriesDescription),
            Manufacturer = header.GetStringOrDefault(DicomTags.Manufacturer),
        };
    }
}
