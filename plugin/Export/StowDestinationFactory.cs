using PacsSeg.Dicom.Network.DicomWeb;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Export;

/// <summary>Kind "Stow": Url is the DICOMweb root (e.g. http://pacs:8042/dicom-web/); Username/Password or BearerToken authenticate.</summary>
public sealed class StowDestinationFactory : IExportDestinationFactory
{
    public string Kind => "Stow";

    public IEnumerable<string> Validate(ExportDestinationOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            yield return $"Stow destinations need an absolute http(s) Url, not '{options.Url}'.";
        if (options.BearerToken.Length > 0 && options.Username.Length > 0)
            yield return "Stow destinations take either a BearerToken or a Username/Password, not both.";
    }

    public IExportDestination Create(ExportDestinationOptions options)
    {
        var url = new Uri(options.Url, UriKind.Absolute);
        // The export pipeline owns timeouts (Polly); the client's own limit only backs it up.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds) * 2),
        };
        var client = new DicomWebClient(http, new DicomWebClientOptions
        {
            BaseUri = url,
            BearerToken = options.BearerToken.Length > 0 ? options.BearerToken : null,
            UserName = options.Username.Length > 0 ? options.Username : null,
            Password = options.Password.Length > 0 ? options.Password : null,
        });
        return new StowDestination(options.Name, client, url);
    }
}
