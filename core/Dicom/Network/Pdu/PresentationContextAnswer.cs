namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>One presentation context item of an A-ASSOCIATE-AC.</summary>
internal sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax);
