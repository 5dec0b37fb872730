namespace PacsSeg.Plugin.DicomWebServer;

/// <summary>QIDO-RS matching keys over the result index. Null means "any"; PatientID and PatientName take the
/// DICOM wildcards * and ?; StudyDate takes a date or a range "YYYYMMDD-YYYYMMDD" (either end open).</summary>
public sealed record ResultQuery
{
    public IReadOnlyList<string>? StudyInstanceUids { get; init; }
    public IReadOnlyList<string>? SeriesInstanceUids { get; init; }
    public IReadOnlyList<string>? SopInstanceUids { get; init; }
    public string? PatientId { get; init; }
    public string? PatientName { get; init; }
    public string? AccessionNumber { get; init; }
    public string? StudyDate { get; init; }
    public string? Modality { get; init; }
    public string? SopClassUid { get; init; }
}
