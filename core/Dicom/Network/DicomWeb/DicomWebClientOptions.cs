namespace PacsSeg.Dicom.Network.DicomWeb;

/// <summary>Where a DICOMweb service is and how to authenticate to it.</summary>
public sealed class DicomWebClientOptions
{
    /// <summary>Service root, e.g. http://pacs:8042/dicom-web/ (a trailing slash is added when missing).</summary>
    public Uri BaseUri { get; set; } = new("http://127.0.0.1:8042/dicom-web/");

    /// <summary>Bearer token (OAuth2 / OpenID Connect); takes precedence over basic credentials.</summary>
    public string? BearerToken { get; set; }

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Extra headers sent with every request (API keys and the like).</summary>
    public Dictionary<string, string> Headers { get; set; } = new();
}
