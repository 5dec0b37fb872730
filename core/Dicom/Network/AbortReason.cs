namespace PacsSeg.Dicom.Network;

/// <summary>A-ABORT reason codes (PS3.8 9.3.8) when the source is the service provider.</summary>
public enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}
