using PacsSeg.Dicom.Network;

namespace PacsSeg.Plugin.Configuration;

/// <summary>The C-STORE SCP: on by default, on loopback like every other listener.</summary>
public sealed class DicomListenerOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The SCP's own settings (AE title, port, allowed callers, timeouts); see PacsSeg.Dicom.Network.</summary>
    public DicomServerOptions Server { get; set; } = new() { BindAddress = "127.0.0.1" };
}
