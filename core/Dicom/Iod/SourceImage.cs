namespace PacsSeg.Dicom.Iod;

/// <summary>One source slice a segmentation frame is derived from.</summary>
/// <param name="SopClassUid">The slice's SOP Class UID.</param>
/// <param name="SopInstanceUid">The slice's SOP Instance UID.</param>
/// <param name="ImagePositionPatient">Its Image Position (Patient), x/y/z in mm (LPS).</param>
public sealed record SourceImage(string SopClassUid, string SopInstanceUid, double[] ImagePositionPatient);
