namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-AC contents.</summary>
internal sealed class AssociateAccept
{
    public ushort ProtocolVersion { get; set; } = 1;

    public string CalledAe { get; set; } = "";

    public string CallingAe { get; set; } = "";

    public string ApplicationContext { get; set; } = DicomNetworkUids.ApplicationContext;

    public List<PresentationContextAnswer> Contexts { get; } = new();

    public UserInformation UserInformation { get; set; } = new();
}
