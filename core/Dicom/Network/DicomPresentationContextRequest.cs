namespace PacsSeg.Dicom.Network;

/// <summary>One presentation context to propose: an abstract syntax and the transfer syntaxes we can send it in.</summary>
public sealed record DicomPresentationContextRequest(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
