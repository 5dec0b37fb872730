namespace PacsSeg.Dicom.Network.Dimse;

/// <summary>CommandField (0000,0100) values (PS3.7 E.1).</summary>
internal enum DimseCommandField : ushort
{
    CStoreRequest = 0x0001,
    CStoreResponse = 0x8001,
    CFindRequest = 0x0020,
    CFindResponse = 0x8020,
    CMoveRequest = 0x0021,
    CMoveResponse = 0x8021,
    CEchoRequest = 0x0030,
    CEchoResponse = 0x8030,
    CCancelRequest = 0x0FFF,
}
