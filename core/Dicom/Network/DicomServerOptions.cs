using System.Security.Cryptography.X509Certificates;

namespace PacsSeg.Dicom.Network;

/// <summary>Settings of <see cref="DicomServer"/>, bound from configuration and checked by <see cref="DicomServerOptionsValidator"/>.</summary>
public sealed class DicomServerOptions
{
    /// <summary>Our AE title; A-ASSOCIATE-RQs calling another one are rejected (unless <see cref="CheckCalledAe"/> is off).</summary>
    public string AeTitle { get; set; } = "PACSSEG";

    public bool CheckCalledAe { get; set; } = true;

    /// <summary>Address to listen on: "0.0.0.0", "::", "127.0.0.1"...</summary>
    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>TCP port; 0 picks a free one (see <see cref="DicomServer.LocalPort"/>).</summary>
    public int Port { get; set; } = 11112;

    /// <summary>Allowed callers; empty means any calling AE from any host.</summary>
    public List<DicomCallerRule> AllowedCallers { get; set; } = new();

    public int MaxAssociations { get; set; } = 16;

    /// <summary>ARTIM: how long we wait for A-ASSOCIATE-RQ after connect and for the close after release or reject.</summary>
    public TimeSpan ArtimTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest silence (and longest time for one PDU to arrive) during an association.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Largest P-DATA-TF PDU we accept, advertised in A-ASSOCIATE-AC.</summary>
    public uint MaxPduLength { get; set; } = 256 * 1024;

    /// <summary>Cap on the PDUs we send, whatever the peer allows.</summary>
    public int MaxSendPduLength { get; set; } = 256 * 1024;

    /// <summary>SOP classes accepted for storage; empty accepts every abstract syntax offered for C-STORE.</summary>
    public List<string> AcceptedSopClasses { get; set; } = new();

    /// <summary>With a certificate set, every connection is wrapped in TLS.</summary>
    public X509Certificate2? Certificate { get; set; }
}
