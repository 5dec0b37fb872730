// A private Orthanc for the demo: throw-away storage in a temp folder, loopback ports, the DICOMweb plugin,
// and a Lua OnStableStudy callback that routes each stable study to the plugin once, as a hospital's
// PACS routing rule would. Results coming back (SEG, our Parametric Map) are never routed again.
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;

namespace PacsSeg.Plugin.Demo;

/// <summary>A running Orthanc process; disposing it kills the process and waits for it to exit.</summary>
public sealed class OrthancServer : IAsyncDisposable
{
    public const string AeTitle = "ORTHANC";
    public const string ModalityName = "pacsseg";

    private const string RouteScript = """
        -- Routes each stable study's source series to the PacsSeg plugin once (metadata 'Routed' marks them).
        function OnStableStudy(studyId, tags, metadata)
          local series = ParseJson(RestApiGet('/studies/' .. studyId .. '/series'))
          local toSend = {}
          for i, s in ipairs(series) do
            local meta = ParseJson(RestApiGet('/series/' .. s['ID'] .. '/metadata'))
            local routed = false
            for j, m in ipairs(meta) do if m == 'Routed' then routed = true end end
            local modality = s['MainDicomTags']['Modality']
            local manufacturer = s['MainDicomTags']['Manufacturer']
            if not routed and modality ~= 'SEG' and manufacturer ~= 'PacsSeg' then
              table.insert(toSend, s['ID'])
            end
          end
          if #toSend == 0 then return end
          local answer = RestApiPost('/modalities/pacsseg/store', DumpJson({ Resources = toSend, Synchronous = true }, true))
          if answer == nil then
            print('PacsSeg routing of study ' .. studyId .. ' failed')
            return
          end
          for i, id in ipairs(toSend) do RestApiPut('/series/' .. id .. '/metadata/Routed', 'yes') end
          print('PacsSeg routing: study ' .. studyId .. ' sent')
        end
        """;

    private readonly Process process;

    private OrthancServer(Process process, string folder, int httpPort, int dicomPort)
    {
        this.process = process;
        Folder = folder;
        HttpPort = httpPort;
        DicomPort = dicomPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Folder { get; }
    public int ProcessId => process.Id;
    public int HttpPort { get; }
    public int DicomPort { get; }
    public HttpClient Http { get; }
    public string LogFile => Path.Combine(Folder, "orthanc.log");

    /// <summary>Starts Orthanc in <paramref name="folder"/> (created, should be empty) routing stable studies to the plugin's SCP.</summary>
    public static async Task<OrthancServer> StartAsync(string orthanc, string folder, int httpPort, int dicomPort, string pluginAe, int pluginPort,
        double stableAgeSeconds, CancellationToken cancellationToken)
    {
        string db = Path.Combine(folder, "db");
        Directory.CreateDirectory(db);
        string lua = Path.Combine(folder, "route.lua");
        await File.WriteAllTextAsync(lua, RouteScript, cancellationToken).ConfigureAwait(false);
        var config = new Dictionary<string, object>
        {
            ["Name"] = "PacsSegDemo",
            ["StorageDirectory"] = db,
            ["IndexDirectory"] = db,
            ["HttpPort"] = httpPort,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = false,
            ["DicomServerEnabled"] = true,
            ["DicomAet"] = AeTitle,
            ["DicomPort"] = dicomPort,
            ["DicomCheckCalledAet"] = false,
            ["DicomAlwaysAllowEcho"] = true,
            ["DicomAlwaysAllowStore"] = true,
            ["DicomModalities"] = new Dictionary<string, object>
            {
                [ModalityName] = new Dictionary<string, object> { ["AET"] = pluginAe, ["Host"] = "127.0.0.1", ["Port"] = pluginPort, ["AllowStore"] = true, ["AllowEcho"] = true },
            },
            ["DicomModalitiesInDatabase"] = false,
            ["DicomScuTimeout"] = 30,
            // Orthanc counts the stable age in whole seconds.
            ["StableAge"] = Math.Max(1, (int)Math.Ceiling(stableAgeSeconds)),
            ["SyncStorageArea"] = false,
            ["SaveJobs"] = false,
            ["OrthancExplorerEnabled"] = false,
            ["WebDavEnabled"] = false,
            ["HttpCompressionEnabled"] = false,
            ["UserMetadata"] = new Dictionary<string, object> { ["Routed"] = 1024 },
            ["LuaScripts"] = new[] { lua },
            ["Plugins"] = new[] { DemoTools.DefaultDicomWebPlugin },
            ["DicomWeb"] = new Dictionary<string, object> { ["Enable"] = true, ["Root"] = "/dicom-web/", ["EnableWado"] = false, ["Ssl"] = false },
        };
        string configPath = Path.Combine(folder, "orthanc.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(config), cancellationToken).ConfigureAwait(false);
        var psi = new ProcessStartInfo(orthanc) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add("--no-jobs");
        psi.ArgumentList.Add("--logfile=" + Path.Combine(folder, "orthanc.log"));
        psi.ArgumentList.Add(configPath);
        // Debian's dcmtk inside Orthanc leaves Nagle's algorithm on without this (90 ms per C-STORE round trip).
        psi.Environment["TCP_NODELAY"] = "1";
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new DemoException($"Orthanc ({orthanc}) did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DemoException($"Orthanc ({orthanc}) cannot be started: {e.Message}", e);
        }
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new OrthancServer(process, folder, httpPort, dicomPort);
        try
        {
            await server.WaitUntilUpAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (process.HasExited)
                throw new DemoException($"Orthanc exited at start-up with code {process.ExitCode}; see {LogFile}: {Tail(LogFile)}");
            try
            {
                using var r = await Http.GetAsync(new Uri("system", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow first answer: try again.
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        throw new DemoException($"Orthanc did not answer on port {HttpPort} within 60 s; see {LogFile}.");
    }

    /// <summary>Uploads one DICOM file (POST /instances); returns Orthanc's study id.</summary>
    public async Task<string> UploadAsync(string path, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/dicom");
        using var response = await Http.PostAsync(new Uri("instances", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        string body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new DemoException($"Orthanc refused {Path.GetFileName(path)}: {(int)response.StatusCode} {body}");
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("ParentStudy").GetString() ?? throw new DemoException("Orthanc's answer has no ParentStudy.");
    }

    /// <summary>The series of a study with their Orthanc ids, modality, manufacturer and SOP class of their first instance.</summary>
    public async Task<IReadOnlyList<OrthancSeries>> SeriesAsync(string studyId, CancellationToken cancellationToken)
    {
        using var json = await GetJsonAsync($"studies/{Uri.EscapeDataString(studyId)}/series", cancellationToken).ConfigureAwait(false);
        var result = new List<OrthancSeries>();
        foreach (var s in json.RootElement.EnumerateArray())
        {
            string id = s.GetProperty("ID").GetString()!;
            var tags = s.GetProperty("MainDicomTags");
            string modality = tags.TryGetProperty("Modality", out var m) ? m.GetString() ?? "" : "";
            string uid = tags.TryGetProperty("SeriesInstanceUID", out var u) ? u.GetString() ?? "" : "";
            var instances = s.GetProperty("Instances").EnumerateArray().Select(i => i.GetString()!).ToList();
            string sopClass = "";
            if (instances.Count > 0)
            {
                using var r = await Http.GetAsync(new Uri($"instances/{Uri.EscapeDataString(instances[0])}/metadata/SopClassUid", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                    sopClass = (await r.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            }
            result.Add(new OrthancSeries(id, uid, modality, sopClass, instances));
        }
        return result;
    }

    /// <summary>Downloads an instance's DICOM file.</summary>
    public async Task DownloadAsync(string instanceId, string path, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri($"instances/{Uri.EscapeDataString(instanceId)}/file", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonDocument> GetJsonAsync(string relative, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(relative, UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A free TCP port on 127.0.0.1 (bound, read, released).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Tail(string path)
    {
        try
        {
            var lines = File.ReadAllLines(path);
            return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 3)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }

}
