namespace PacsSeg.Dicom.Network;

/// <summary>A-ASSOCIATE-RJ result field (PS3.8 9.3.4).</summary>
public enum RejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}
