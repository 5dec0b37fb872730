namespace PacsSeg.Dicom.Network;

/// <summary>Final C-MOVE response: status and sub-operation counts (PS3.4 C.4.2.1.4).</summary>
public sealed record DicomMoveResult(ushort Status, int Completed, int Failed, int Warning, string? ErrorComment)
{
    public bool Succeeded => Status == DicomStatus.Success || (DicomStatus.IsWarning(Status) && Failed == 0);
}
