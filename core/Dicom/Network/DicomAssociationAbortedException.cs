namespace PacsSeg.Dicom.Network;

/// <summary>The peer sent A-ABORT, or the connection dropped in the middle of an association.</summary>
public sealed class DicomAssociationAbortedException : DicomNetworkException
{
    public DicomAssociationAbortedException(AbortSource source, AbortReason reason)
        : base($"Association aborted by the peer (source {source}, reason {reason}).")
    {
        AbortSource = source;
        Reason = reason;
    }

    public DicomAssociationAbortedException(string message) : base(message) { }

    public AbortSource? AbortSource { get; }

    public AbortReason? Reason { get; }
}
