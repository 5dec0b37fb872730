// UIDs the network layer needs as plain strings (wire values), plus our implementation class UID.
namespace PacsSeg.Dicom.Network;

public static class DicomNetworkUids
{
    public const string ApplicationContext = "1.2.840.10008.3.1.1.1";
    public const string Verification = "1.2.840.10008.1.1";
    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public const string PatientRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public const string PatientRootQueryRetrieveMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public const string StudyRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public const string StudyRootQueryRetrieveMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public const string CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>Our implementation class UID and version, the same as in the files the data model writes.</summary>
    public const string ImplementationClassUid = IO.DicomWriter.ImplementationClassUid;

    public const string ImplementationVersionName = IO.DicomWriter.ImplementationVersionName;
}
