// A private, throw-away Orthanc (Debian package, DICOMweb plugin) on loopback with its own temp folder and ports.
using PacsSeg.Tests.Shared;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace PacsSeg.Dicom.Tests.Network;

internal sealed class OrthancFixture : IAsyncDisposable
{
    public const string AeTitle = "ORTHANC";
    public const string User = "test";
    public const string Password = "test";

    private readonly Process _process;
    private readonly string _folder;

    private OrthancFixture(Process process, string folder, int httpPort, int dicomPort, HttpClient http)
    {
        _process = process;
        _folder = folder;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = http;
    }

    public int HttpPort { get; }
    public int DicomPort { get; }
    public HttpClient Http { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{HttpPort}/");

    public static async Task<OrthancFixture> StartAsync(string scpAe, int scpPort, bool auth = false)
    {
        string folder = Directory.CreateTempSubdirectory("pacsseg-orthanc-").FullName;
        int http = FreePort.Next(), dicom = FreePort.Next();
        string authJson = auth
            ? $"\"AuthenticationEnabled\": true, \"RegisteredUsers\": {{ \"{User}\": \"{Password}\" }},"
            : "\"AuthenticationEnabled\": false,";
        string config = $$"""
        {
          "Name": "PacsSegTest", "StorageDirectory": "{{folder}}/db", "IndexDirectory": "{{folder}}/db",
          "HttpPort": {{http}}, "RemoteAccessAllowed": false, {{authJson}}
          "DicomServerEnabled": true, "DicomAet": "{{AeTitle}}", "DicomPort": {{dicom}},
          "DicomCheckCalledAet": false, "DicomAlwaysAllowEcho": true, "DicomAlwaysAllowStore": true,
          "DicomAlwaysAllowFind": true, "DicomAlwaysAllowMove": true, "DicomCheckModalityHost": false,
          "DicomModalities": { "segplugin": { "AET": "{{scpAe}}", "Host": "127.0.0.1", "Port": {{scpPort}} } },
          "DicomModalitiesInDatabase": false, "DicomScuTimeout": 10, "SaveJobs": false, "StableAge": 60,
          "OrthancExplorerEnabled": false, "WebDavEnabled": false, "HttpCompressionEnabled": false,
          "Plugins": [ "/usr/share/orthanc/plugins/libOrthancDicomWeb.so" ],
          "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": false, "Host": "127.0.0.1:{{http}}", "Ssl": false }
        }
        """;
        Directory.CreateDirectory(Path.Combine(folder, "db"));
        string configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, config);
        var psi = new ProcessStartInfo("/usr/sbin/Orthanc") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--no-jobs");
        psi.ArgumentList.Add($"--logfile={folder}/orthanc.log");
        psi.ArgumentList.Add(configPath);
        psi.Environment["TCP_NODELAY"] = "1";
        var process = Process.Start(psi)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/"), Timeout = TimeSpan.FromSeconds(60) };
        if (auth)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        var fixture = new OrthancFixture(process, folder, http, dicom, client);
        for (int i = 0; i < 200; i++)
        {
            if (process.HasExited)
                break;
            try
            {
                using var r = await client.GetAsync("system");
                if (r.IsSuccessStatusCode)
                    return fixture;
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }
            await Task.Delay(100);
        }
        string log = File.Exists(Path.Combine(folder, "orthanc.log")) ? await File.ReadAllTextAsync(Path.Combine(folder, "orthanc.log")) : "";
        await fixture.DisposeAsync();
        throw new InvalidOperationException("Orthanc did not start: " + log[Math.Max(0, log.Length - 2000)..]);
    }

    public async Task<string> GetStringAsync(string path) => await Http.GetStringAsync(path);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_folder, true);
        }
        catch (IOException)
        {
            // Left for the OS temp cleaner.
        }
    }
}
