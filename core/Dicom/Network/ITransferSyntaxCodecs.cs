namespace PacsSeg.Dicom.Network;

/// <summary>
/// The codec seam as the SCP sees it: which encapsulated transfer syntaxes can be decoded here. Register
/// one in DI (the data model's codec registry can implement it); without it only uncompressed syntaxes
/// are accepted unless the store handler keeps data as received.
/// </summary>
public interface ITransferSyntaxCodecs
{
    bool CanDecode(string transferSyntaxUid);
}
