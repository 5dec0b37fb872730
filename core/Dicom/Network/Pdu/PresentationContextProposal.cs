namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>One presentation context item of an A-ASSOCIATE-RQ.</summary>
internal sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);
