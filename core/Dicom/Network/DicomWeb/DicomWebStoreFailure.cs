namespace PacsSeg.Dicom.Network.DicomWeb;

/// <summary>One entry of a STOW-RS FailedSOPSequence: the instance and its FailureReason (0008,1197), if given.</summary>
public sealed record DicomWebStoreFailure(string SopInstanceUid, ushort? FailureReason);
