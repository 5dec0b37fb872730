namespace PacsSeg.Dicom.IO;

/// <summary>How to write a file or dataset.</summary>
public sealed record DicomWriteOptions
{
    /// <summary>Defaults: the file's own transfer syntax.</summary>
    public static DicomWriteOptions Default { get; } = new();

    /// <summary>Transfer syntax to write a file in, instead of the one it was read in.</summary>
    public DicomTransferSyntax? TransferSyntax { get; init; }

    /// <summary>Source application entity title recorded in the file meta (0002,0016), if any.</summary>
    public string? SourceApplicationEntityTitle { get; init; }
}
