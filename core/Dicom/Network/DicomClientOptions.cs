using System.Net.Security;

namespace PacsSeg.Dicom.Network;

/// <summary>Settings of <see cref="DicomClient"/> (our SCU side).</summary>
public sealed class DicomClientOptions
{
    public string CallingAe { get; set; } = "PACSSEG";

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>ARTIM on the requestor side: how long we wait for A-ASSOCIATE-AC/RJ and A-RELEASE-RP.</summary>
    public TimeSpan AssociationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long we wait for each DIMSE response.</summary>
    public TimeSpan DimseTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest PDU we accept, advertised in A-ASSOCIATE-RQ.</summary>
    public uint MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Cap on the PDUs we send, whatever the peer allows.</summary>
    public int MaxSendPduLength { get; set; } = 256 * 1024;

    /// <summary>Largest data set we keep in memory from a response (C-FIND identifiers).</summary>
    public int MaxResponseDataSetLength { get; set; } = 16 * 1024 * 1024;

    public bool UseTls { get; set; }

    /// <summary>Server name checked against the peer's certificate; defaults to the host connected to.</summary>
    public string? TlsTargetHost { get; set; }

    public RemoteCertificateValidationCallback? TlsCertificateValidation { get; set; }

    /// <summary>User identity (username, or username and passcode) sent in A-ASSOCIATE-RQ when set.</summary>
    public string? UserName { get; set; }

    public string? Password { get; set; }
}
