namespace PacsSeg.Plugin.DicomWebServer;

/// <summary>One DICOM object the plugin produced (a SEG or a Parametric Map), as the result index keeps it.</summary>
public sealed record ResultInstance
{
    public required long JobId { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }
    public required string TransferSyntaxUid { get; init; }
    public required string Path { get; init; }
    public string? Modality { get; init; }
    public string? PatientId { get; init; }
    public string? PatientName { get; init; }
    public string? PatientBirthDate { get; init; }
    public string? PatientSex { get; init; }
    public string? StudyDate { get; init; }
    public string? StudyTime { get; init; }
    public string? AccessionNumber { get; init; }
    public string? StudyId { get; init; }
    public string? StudyDescription { get; init; }
    public string? ReferringPhysicianName { get; init; }
    public int? SeriesNumber { get; init; }
    public string? SeriesDescription { get; init; }
    public int? InstanceNumber { get; init; }
    public int? NumberOfFrames { get; init; }
    public int? Rows { get; init; }
    public int? Columns { get; init; }
}
