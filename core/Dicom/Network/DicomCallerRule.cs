namespace PacsSeg.Dicom.Network;

/// <summary>One allowed calling AE; with <see cref="Host"/> set, the connection must come from that host (name or IP).</summary>
public sealed class DicomCallerRule
{
    public string AeTitle { get; set; } = "";

    public string? Host { get; set; }
}
