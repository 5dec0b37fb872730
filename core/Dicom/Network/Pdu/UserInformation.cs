namespace PacsSeg.Dicom.Network.Pdu;

/// <summary>User information item (0x50) of A-ASSOCIATE-RQ/AC with the sub-items we understand.</summary>
internal sealed class UserInformation
{
    /// <summary>Largest P-DATA-TF PDU the sender of this item can receive; 0 means no limit.</summary>
    public uint MaxPduLength { get; set; }

    public string? ImplementationClassUid { get; set; }

    public string? ImplementationVersionName { get; set; }

    public ushort? MaxOperationsInvoked { get; set; }

    public ushort? MaxOperationsPerformed { get; set; }

    public List<RoleSelection> Roles { get; } = new();

    public UserIdentity? Identity { get; set; }

    /// <summary>User identity server response (0x59), only in an A-ASSOCIATE-AC.</summary>
    public byte[]? IdentityServerResponse { get; set; }
}
