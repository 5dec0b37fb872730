namespace PacsSeg.Dicom.Network;

/// <summary>The called peer answered A-ASSOCIATE-RJ.</summary>
public sealed class DicomAssociationRejectedException : DicomNetworkException
{
    public DicomAssociationRejectedException(RejectResult result, RejectSource source, byte reason)
        : base($"Association rejected ({result}, source {source}, reason {reason}).")
    {
        Result = result;
        RejectSource = source;
        Reason = reason;
    }

    public RejectResult Result { get; }

    public RejectSource RejectSource { get; }

    /// <summary>The raw reason byte; its meaning depends on <see cref="RejectSource"/>.</summary>
    public byte Reason { get; }
}
