// A throw-away Orthanc (Debian package with its DICOMweb plugin) on loopback ports, with basic
// authentication: the STOW-RS export peer, the sender of the crash-safety test and the PACS that goes down.
// Started with a storage folder and ports of an earlier instance, it comes back with the same content.
using PacsSeg.Tests.Shared;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PacsSeg.Plugin.Tests.Support;

internal sealed class OrthancPeer : IAsyncDisposable
{
    public const string User = "export";
    public const string Password = "s3cret";
    public const string Executable = "/usr/sbin/Orthanc";
    public const string AeTitle = "ORTHANC";

    private readonly Process process;
    private readonly TestDirectory? ownedFolder;

    private OrthancPeer(Process process, TestDirectory? ownedFolder, string folder, int httpPort, int dicomPort, HttpClient http)
    {
        this.process = process;
        this.ownedFolder = ownedFolder;
        Folder = folder;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = http;
    }

    /// <summary>Configuration, storage and log of this Orthanc.</summary>
    public string Folder { get; }

    public int HttpPort { get; }

    public int DicomPort { get; }

    /// <summary>Orthanc's REST API, authenticated.</summary>
    public HttpClient Http { get; }

    public string DicomWebUrl => $"http://127.0.0.1:{HttpPort}/dicom-web/";

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Starts Orthanc in a fresh temp folder (removed on dispose) on free ports.</summary>
    public static Task<OrthancPeer> StartAsync() => StartAsync(null, 0, 0, null);

    public string LogFile => Path.Combine(Folder, "orthanc.log");

    /// <summary>
    /// Starts Orthanc storing into <paramref name="folder"/> (kept on dispose; a fresh temp folder when null), on the
    /// given ports (free ones when 0), knowing the DICOM <paramref name="modalities"/> (name -> AET, port on 127.0.0.1).
    /// <paramref name="verbose"/> logs every instance a store job sends ("Sending instance ...").
    /// </summary>
    public static async Task<OrthancPeer> StartAsync(string? folder, int httpPort, int dicomPort, IReadOnlyDictionary<string, (string Aet, int Port)>? modalities,
        bool verbose = false)
    {
        var owned = folder is null ? new TestDirectory() : null;
        folder ??= owned!.Path;
        int http = httpPort != 0 ? httpPort : FreePort.Next();
        int dicom = dicomPort != 0 ? dicomPort : FreePort.Next();
        string db = Path.Combine(folder, "db");
        Directory.CreateDirectory(db);
        var config = new Dictionary<string, object>
        {
            ["Name"] = "PacsSegTestPeer",
            ["StorageDirectory"] = db,
            ["IndexDirectory"] = db,
            ["HttpPort"] = http,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = true,
            ["RegisteredUsers"] = new Dictionary<string, string> { [User] = Password },
            ["DicomServerEnabled"] = true,
            ["DicomAet"] = AeTitle,
            ["DicomPort"] = dicom,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomModalities"] = (modalities ?? new Dictionary<string, (string, int)>()).ToDictionary(
                m => m.Key, m => (object)new Dictionary<string, object> { ["AET"] = m.Value.Aet, ["Host"] = "127.0.0.1", ["Port"] = m.Value.Port }),
            ["DicomModalitiesInDatabase"] = false,
            ["DicomScuTimeout"] = 10,
            ["SaveJobs"] = false,
            ["OrthancExplorerEnabled"] = false,
            ["WebDavEnabled"] = false,
            ["HttpCompressionEnabled"] = false,
            ["Plugins"] = new[] { "/usr/share/orthanc/plugins/libOrthancDicomWeb.so" },
            ["DicomWeb"] = new Dictionary<string, object> { ["Enable"] = true, ["Root"] = "/dicom-web/", ["EnableWado"] = false, ["Ssl"] = false },
        };
        string configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config));
        var psi = new ProcessStartInfo(Executable);
        psi.ArgumentList.Add("--no-jobs");
        if (verbose)
            psi.ArgumentList.Add("--verbose");
        psi.ArgumentList.Add($"--logfile={folder}/orthanc.log");
        psi.ArgumentList.Add(configPath);
        // Debian's dcmtk inside Orthanc leaves Nagle's algorithm on without this (90 ms per C-STORE round trip).
        psi.Environment["TCP_NODELAY"] = "1";
        var process = PeerTools.StartReadingOutput(psi);
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes($"{User}:{Password}")));
        var peer = new OrthancPeer(process, owned, folder, http, dicom, client);
        for (int i = 0; i < 300 && !process.HasExited; i++)
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

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var r = await Http.GetAsync(path);
        r.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        using var r = await Http.PostAsync(path, content);
        string text = await r.Content.ReadAsStringAsync();
        if (!r.IsSuccessStatusCode)
            throw new InvalidOperationException($"Orthanc {path}: HTTP {(int)r.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Stops Orthanc (kills it) and waits for the exit; the storage folder stays.</summary>
    public async Task StopAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await StopAsync();
        process.Dispose();
        ownedFolder?.Dispose();
    }
}
