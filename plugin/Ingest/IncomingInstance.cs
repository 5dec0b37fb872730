namespace PacsSeg.Plugin.Ingest;

/// <summary>
/// What a listener (C-STORE SCP, STOW-RS) knows about an instance from its dataset and association.
/// All values are untrusted.
/// </summary>
public sealed record IncomingInstance
{
    public required string SourceAe { get; init; }
    public required string StudyInstanceUid { get; init; }
    public required string SeriesInstanceUid { get; init; }
    public required string SopInstanceUid { get; init; }
    public required string SopClassUid { get; init; }
    public string? Modality { get; init; }
    public string? BodyPartExamined { get; init; }
    public string? SeriesDescription { get; init; }
    public string? Manufacturer { get; init; }
}
