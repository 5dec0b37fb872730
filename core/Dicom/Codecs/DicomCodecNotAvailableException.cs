namespace PacsSeg.Dicom.Codecs;

/// <summary>No codec is registered for a transfer syntax (e.g. JPEG 2000 without GDCM installed).</summary>
public sealed class DicomCodecNotAvailableException : DicomCodecException
{
    /// <summary>Creates the exception for a syntax.</summary>
    public DicomCodecNotAvailableException(DicomTransferSyntax syntax, string? reason = null)
        : base($"Codec not available for {syntax.Uid.Name} ({syntax.Uid.Value}).{(reason is null ? string.Empty : " " + reason)}")
    {
        TransferSyntax = syntax;
    }

    /// <summary>The syntax that has no codec.</summary>
    public DicomTransferSyntax TransferSyntax { get; }
}
