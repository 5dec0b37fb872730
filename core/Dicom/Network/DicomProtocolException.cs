// A peer broke the upper-layer protocol; the association is aborted with the carried reason.
namespace PacsSeg.Dicom.Network;

public sealed class DicomProtocolException : DicomNetworkException
{
    public DicomProtocolException(AbortReason reason, string message) : base(message) => Reason = reason;

    public AbortReason Reason { get; }
}
