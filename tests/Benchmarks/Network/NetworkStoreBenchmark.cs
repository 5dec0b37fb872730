// storescu (dcmtk, TCP_NODELAY=1, one association) sends the same CT series to three C-STORE SCPs:
// PacsSeg's DicomServer (fsync per instance before answering), dcmtk storescp, and Orthanc.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Network;

public sealed class NetworkStoreBenchmark : IBenchmark
{
    public string Name => "dicom-store";

    public string Description => "C-STORE SCP instances/s: storescu -> PacsSeg (fsync) | dcmtk storescp | Orthanc [count=500]";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        int count = args.Length > 0 && int.TryParse(args[0], out var c) ? c : 500;
        string root = Directory.CreateTempSubdirectory("pacsseg-bench-store-").FullName;
        try
        {
            string input = Path.Combine(root, "in");
            await AnsiConsole.Status().StartAsync($"Generating {count} CT instances (512x512, 16-bit) with pydicom...",
                _ => BenchTools.MakeCtSeriesAsync(input, count, 512, cancellationToken));
            long bytes = Directory.GetFiles(input).Sum(f => new FileInfo(f).Length);
            AnsiConsole.MarkupLine($"[grey]{count} files, {bytes / 1e6:0} MB in {input}[/]");

            var rows = new List<(string Peer, string Storage, double Seconds, int Stored)>();
            var ours = await MeasureOursAsync(root, input, cancellationToken);
            rows.Add(("PacsSeg DicomServer", "file per instance, fsync before status", ours.Seconds, ours.Stored));
            var dcmtk = await MeasureStorescpAsync(root, input, cancellationToken);
            rows.Add(("dcmtk storescp 3.6.7", "file per instance, no fsync", dcmtk.Seconds, dcmtk.Stored));
            var orthanc = await MeasureOrthancAsync(root, input, cancellationToken);
            rows.Add(("Orthanc (Debian)", "SQLite index + files, SyncStorageArea default", orthanc.Seconds, orthanc.Stored));

            var table = new Table().AddColumns("SCP", "storage", "instances", "seconds", "instances/s", "MB/s");
            foreach (var r in rows)
                table.AddRow(r.Peer, r.Storage, r.Stored.ToString(), r.Seconds.ToString("0.00"),
                    (r.Stored / r.Seconds).ToString("0"), (bytes / 1e6 / r.Seconds).ToString("0"));
            AnsiConsole.Write(table);
            double o = count / ours.Seconds, d = count / dcmtk.Seconds, t = count / orthanc.Seconds;
            AnsiConsole.MarkupLine($"PacsSeg / storescp = {o / d:0.00}x, PacsSeg / Orthanc = {o / t:0.00}x (goal: >= 1x and >= 2x)");
            return rows.All(r => r.Stored == count) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    private static async Task<(double Seconds, int Stored)> RunStorescuAsync(int port, string ae, string input, CancellationToken ct)
    {
        var sw = Stopwatch.StartNew();
        var r = await BenchTools.RunAsync("storescu", new[] { "-aet", "BENCH", "-aec", ae, "+sd", "+r", "127.0.0.1", port.ToString(), input }, ct);
        double seconds = sw.Elapsed.TotalSeconds;
        if (r.ExitCode != 0)
            AnsiConsole.MarkupLineInterpolated($"[red]storescu to {ae} failed: {r.Output}[/]");
        return (seconds, 0);
    }

    private static async Task<(double Seconds, int Stored)> MeasureOursAsync(string root, string input, CancellationToken ct)
    {
        string output = Directory.CreateDirectory(Path.Combine(root, "ours")).FullName;
        var handler = new FsyncStoreHandler(output);
        using var metrics = new DicomNetworkMetrics();
        var server = new DicomServer(Options.Create(new DicomServerOptions { AeTitle = "SEGPLUGIN", BindAddress = "127.0.0.1", Port = 0 }),
            handler, NullLogger<DicomServer>.Instance, metrics);
        await server.StartAsync(ct);
        try
        {
            var (seconds, _) = await AnsiConsole.Status().StartAsync("storescu -> PacsSeg...", _ => RunStorescuAsync(server.LocalPort, "SEGPLUGIN", input, ct));
            return (seconds, handler.Count);
        }
        finally
        {
            await server.StopAsync(ct);
        }
    }

    private static async Task<(double Seconds, int Stored)> MeasureStorescpAsync(string root, string input, CancellationToken ct)
    {
        string output = Directory.CreateDirectory(Path.Combine(root, "storescp")).FullName;
        int port = BenchTools.FreePort();
        using var storescp = BenchTools.Start("storescp", new[] { "-aet", "STORESCP", "-od", output, "-fe", ".dcm", port.ToString() });
        try
        {
            await BenchTools.WaitForDicomAsync(port, "STORESCP", ct);
            var (seconds, _) = await AnsiConsole.Status().StartAsync("storescu -> storescp...", _ => RunStorescuAsync(port, "STORESCP", input, ct));
            return (seconds, Directory.GetFiles(output, "*.dcm").Length);
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task<(double Seconds, int Stored)> MeasureOrthancAsync(string root, string input, CancellationToken ct)
    {
        string folder = Directory.CreateDirectory(Path.Combine(root, "orthanc")).FullName;
        int http = BenchTools.FreePort(), dicom = BenchTools.FreePort();
        string config = $$"""
        { "Name": "Bench", "StorageDirectory": "{{folder}}/db", "IndexDirectory": "{{folder}}/db", "HttpPort": {{http}},
          "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomServerEnabled": true, "DicomAet": "ORTHANC",
          "DicomPort": {{dicom}}, "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowEcho": true,
          "SaveJobs": false, "OrthancExplorerEnabled": false, "WebDavEnabled": false }
        """;
        await File.WriteAllTextAsync(Path.Combine(folder, "orthanc.json"), config, ct);
        using var orthanc = BenchTools.Start("/usr/sbin/Orthanc", new[] { "--no-jobs", $"--logfile={folder}/orthanc.log", Path.Combine(folder, "orthanc.json") });
        try
        {
            using var httpClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}/") };
            await BenchTools.WaitForDicomAsync(dicom, "ORTHANC", ct);
            var (seconds, _) = await AnsiConsole.Status().StartAsync("storescu -> Orthanc...", _ => RunStorescuAsync(dicom, "ORTHANC", input, ct));
            var stats = await httpClient.GetStringAsync("statistics", ct);
            using var doc = System.Text.Json.JsonDocument.Parse(stats);
            return (seconds, doc.RootElement.GetProperty("CountInstances").GetInt32());
        }
        finally
        {
            orthanc.Kill(entireProcessTree: true);
            await orthanc.WaitForExitAsync(CancellationToken.None);
        }
    }
}
