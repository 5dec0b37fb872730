namespace PacsSeg.Dicom.Network;

/// <summary>Query/Retrieve information model (PS3.4 C.6).</summary>
public enum DicomQueryRoot
{
    PatientRoot,
    StudyRoot,
}
