namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>User identity negotiation request sub-item (PS3.7 D.3.3.7).</summary>
internal sealed record UserIdentity(byte Type, bool PositiveResponseRequested, byte[] PrimaryField, byte[] SecondaryField);
