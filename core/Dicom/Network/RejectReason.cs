namespace PacsSeg.Dicom.Network;

/// <summary>
/// A-ASSOCIATE-RJ reason field (PS3.8 9.3.4). The numeric value depends on the source, so each member
/// keeps the wire value in its low byte and the source it belongs to in the high byte.
/// </summary>
public enum RejectReason : ushort
{
    NoReasonGiven = 0x0101,
    ApplicationContextNameNotSupported = 0x0102,
    CallingAeNotRecognized = 0x0103,
    CalledAeNotRecognized = 0x0107,
    AcseNoReasonGiven = 0x0201,
    ProtocolVersionNotSupported = 0x0202,
    TemporaryCongestion = 0x0301,
    LocalLimitExceeded = 0x0302,
}
