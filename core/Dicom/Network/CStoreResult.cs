namespace PacsSeg.Dicom.Network;

/// <summary>The outcome of one C-STORE as the handler reports it: a DIMSE status and an optional comment.</summary>
public readonly record struct CStoreResult(ushort Status, string? ErrorComment = null)
{
    public static CStoreResult Success => new(DicomStatus.Success);

    /// <summary>Transient: the sender should retry later (disk full, spool busy).</summary>
    public static CStoreResult OutOfResources(string? comment = null) => new(DicomStatus.OutOfResources, comment);

    public static CStoreResult CannotUnderstand(string? comment = null) => new(DicomStatus.CannotUnderstand, comment);

    public static CStoreResult DataSetDoesNotMatchSopClass(string? comment = null) => new(DicomStatus.DataSetDoesNotMatchSopClass, comment);

    public static CStoreResult ProcessingFailure(string? comment = null) => new(DicomStatus.ProcessingFailure, comment);
}
