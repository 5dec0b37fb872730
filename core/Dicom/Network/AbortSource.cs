namespace PacsSeg.Dicom.Network;

/// <summary>Who aborted an association (PS3.8 9.3.8).</summary>
public enum AbortSource : byte
{
    ServiceUser = 0,
    Reserved = 1,
    ServiceProvider = 2,
}
