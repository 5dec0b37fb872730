namespace PacsSeg.Dicom.Network;

/// <summary>A presentation context as negotiated: what was proposed and what the acceptor answered.</summary>
public sealed record DicomPresentationContext(byte Id, string AbstractSyntax, string TransferSyntax, PresentationContextResult Result)
{
    public bool IsAccepted => Result == PresentationContextResult.Acceptance;
}
