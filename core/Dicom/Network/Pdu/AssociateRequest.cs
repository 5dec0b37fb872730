namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>A-ASSOCIATE-RQ contents.</summary>
internal sealed class AssociateRequest
{
    public ushort ProtocolVersion { get; set; } = 1;

    public string CalledAe { get; set; } = "";

    public string CallingAe { get; set; } = "";

    public string ApplicationContext { get; set; } = DicomNetworkUids.ApplicationContext;

    public List<PresentationContextProposal> Contexts { get; } = new();

    public UserInformation UserInformation { get; set; } = new();
}
