// A throw-away Orthanc (Debian package with its DICOMweb plugin) on loopback ports, with basic
// authentication, used as the STOW-RS export peer.
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace PacsSeg.Plugin.Tests.Support;

internal sealed class OrthancPeer : IAsyncDisposable
{
    public const string User = "export";
    public const string Password = "s3cret";

    private readonly Process process;
    private readonly TestDirectory folder;

    private OrthancPeer(Process process, TestDirectory folder, int httpPort, HttpClient http)
    {
        this.process = process;
        this.folder = folder;
        HttpPort = httpPort;
        Http = http;
    }

    public int HttpPort { get; }

    /// <summary>Orthanc's REST API, authenticated.</summary>
    public HttpClient Http { get; }

    public string DicomWebUrl => $"http://127.0.0.1:{HttpPort}/dicom-web/";

    public static async Task<OrthancPeer> StartAsync()
    {
        var folder = new TestDirectory();
        int http = FreePort.Next(), dicom = FreePort.Next();
        string db = Path.Combine(folder.Path, "db");
        Directory.CreateDirectory(db);
        string config = $$"""
        {
          "Name": "PacsSegStowPeer", "StorageDirectory": "{{db}}", "IndexDirectory": "{{db}}",
          "HttpPort": {{http}}, "RemoteAccessAllowed": false,
          "AuthenticationEnabled": true, "RegisteredUsers": { "{{User}}": "{{Password}}" },
          "DicomServerEnabled": true, "DicomAet": "ORTHANC", "DicomPort": {{dicom}},
          "SaveJobs": false, "OrthancExplorerEnabled": false, "WebDavEnabled": false, "HttpCompressionEnabled": false,
          "Plugins": [ "/usr/share/orthanc/plugins/libOrthancDicomWeb.so" ],
          "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": false, "Ssl": false }
        }
        """;
        string configPath = Path.Combine(folder.Path, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config);
        var psi = new ProcessStartInfo("/usr/sbin/Orthanc") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--no-jobs");
        psi.ArgumentList.Add($"--logfile={folder.Path}/orthanc.log");
        psi.ArgumentList.Add(configPath);
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        var peer = new OrthancPeer(process, folder, http, client);
        for (int i = 0; i < 200 && !process.HasExited; i++)
        {
            try
            {
                using var r = await client.GetAsync("system");
                if (r.IsSuccessStatusCode)
                    return peer;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        await peer.DisposeAsync();
        throw new InvalidOperationException("Orthanc did not start.");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
        folder.Dispose();
    }
}
