// plugin-e2e: (1) the demo's path on a 256x256x128 phantom CT with the bundled demo model: last instance in
// Orthanc -> SEG stored in Orthanc, by stage (receive, quiet period, load, infer, write, export); Orthanc's
// own upload of the same study is the peer row. (2) Peak memory of the plugin (a child process hosting it)
// segmenting a 512x512x300 CT, side by side with Orthanc's peak memory storing the same study.
using System.Diagnostics;
using System.Globalization;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Plugin.Demo;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Plugin;

public sealed class PluginEndToEndBenchmark : IBenchmark
{
    public string Name => "plugin-e2e";

    public string Description => "phantom CT: last instance in Orthanc -> SEG in Orthanc by stage (256x256x128); plugin vs Orthanc peak memory (512x512x300)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] == MemoryChild.Flag)
            return await MemoryChild.RunAsync(args, cancellationToken);
        bool skipMemory = args.Contains("--no-memory");
        bool skipLatency = args.Contains("--no-latency");
        var tools = DemoTools.Locate();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {BenchmarkText.LoadAverage()}, BLAS {Blas()}");
        if (!skipLatency)
            await LatencyAsync(tools, cancellationToken);
        if (!skipMemory)
            await MemoryAsync(tools, cancellationToken);
        Console.WriteLine($"load average at the end: {BenchmarkText.LoadAverage()}");
        return 0;
    }

    private static async Task LatencyAsync(DemoTools tools, CancellationToken cancellationToken)
    {
        string output = Path.Combine(Path.GetTempPath(), "pacsseg-bench-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var report = await new DemoRunner(tools, new DemoOptions { Size = 256, Slices = 128, OutputFolder = output, Render = false })
                .RunAsync(cancellationToken);
            var table = new Table().Border(TableBorder.Rounded).Title("256x256x128 phantom CT, demo model " + Markup.Escape(report.ModelName))
                .AddColumn("stage").AddColumn(new TableColumn("seconds").RightAligned()).AddColumn("");
            foreach (var s in report.Stages)
                table.AddRow(new Text(s.Name), new Text(s.Seconds.ToString("0.00", CultureInfo.InvariantCulture)), new Text(s.Note));
            AnsiConsole.Write(table);
            Console.WriteLine($"PacsSeg: last instance in Orthanc -> SEG + Parametric Map in Orthanc: {report.ArrivalToResultsSeconds:0.00} s (goal < 30 s); organ Dice {report.Dice:0.000}");
            var upload = report.Stages.First(s => s.Name.StartsWith("upload", StringComparison.Ordinal));
            var receive = report.Stages.First(s => s.Name.Trim().StartsWith("receive", StringComparison.Ordinal));
            Console.WriteLine($"peer:    Orthanc stores the same {report.Instances} instances (REST upload) in {upload.Seconds:0.00} s; the plugin received them (C-STORE from Orthanc, fsync each) in {receive.Seconds:0.00} s");
        }
        finally
        {
            if (Directory.Exists(output))
                Directory.Delete(output, recursive: true);
        }
    }

    private static async Task MemoryAsync(DemoTools tools, CancellationToken cancellationToken)
    {
        string work = Path.Combine(Path.GetTempPath(), "pacsseg-bench-mem-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var clock = Stopwatch.StartNew();
            var study = SyntheticStudy(Path.Combine(work, "study"), 512, 512, 300, cancellationToken);
            Console.WriteLine($"512x512x300 CT written ({study.Files.Count} files) in {clock.Elapsed.TotalSeconds:0.0} s");

            // Peer: Orthanc storing the same study (storescu, one association).
            int orthancHttp = OrthancServer.FreePort(), orthancDicom = OrthancServer.FreePort();
            long orthancPeak;
            double orthancSeconds;
            await using (var orthanc = await OrthancServer.StartAsync(tools.Orthanc, Path.Combine(work, "orthanc"), orthancHttp, orthancDicom, "NOBODY", 1, 60, cancellationToken))
            {
                clock.Restart();
                await StoreAsync(study.Folder, OrthancServer.AeTitle, orthancDicom, cancellationToken);
                orthancSeconds = clock.Elapsed.TotalSeconds;
                orthancPeak = PeakRss(orthanc.ProcessId);
            }

            // PacsSeg: the plugin in a child process of its own, so its peak RSS is the plugin's alone.
            int port = OrthancServer.FreePort();
            var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { typeof(PluginEndToEndBenchmark).Assembly.Location, "plugin-e2e", MemoryChild.Flag, Path.Combine(work, "plugin"), port.ToString(CultureInfo.InvariantCulture), tools.ModelsFolder })
                psi.ArgumentList.Add(a);
            using var child = Process.Start(psi)!;
            string? line;
            while ((line = await child.StandardOutput.ReadLineAsync(cancellationToken)) is not null && line != MemoryChild.Ready)
            {
            }
            clock.Restart();
            await StoreAsync(study.Folder, "PACSSEG", port, cancellationToken);
            string rest = await child.StandardOutput.ReadToEndAsync(cancellationToken);
            await child.WaitForExitAsync(cancellationToken);
            double total = clock.Elapsed.TotalSeconds;
            var table = new Table().Border(TableBorder.Rounded).Title("512x512x300 CT (300 instances, 150 MiB)")
                .AddColumn("").AddColumn(new TableColumn("peak RSS").RightAligned()).AddColumn(new TableColumn("peak managed heap").RightAligned()).AddColumn(new TableColumn("seconds").RightAligned());
            var values = rest.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
            table.AddRow("PacsSeg plugin: receive + segment + write SEG/map", Mib(values.GetValueOrDefault("peakRss")), Mib(values.GetValueOrDefault("peakManaged")),
                total.ToString("0.0", CultureInfo.InvariantCulture) + $" ({values.GetValueOrDefault("state", "?")})");
            table.AddRow("Orthanc: store the same study", Mib(orthancPeak.ToString(CultureInfo.InvariantCulture)), "-", orthancSeconds.ToString("0.0", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            Console.WriteLine("goal: plugin peak under 4 GiB");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Mib(string? bytes) =>
        long.TryParse(bytes, NumberStyles.None, CultureInfo.InvariantCulture, out long b) ? (b / 1048576.0).ToString("0 MiB", CultureInfo.InvariantCulture) : "?";

    // Memory does not depend on the picture: a body ellipse of soft tissue with noise is enough and quick to make.
    private static PhantomStudy SyntheticStudy(string folder, int nx, int ny, int nz, CancellationToken cancellationToken)
    {
        var geometry = VolumeGeometry.Axial(nx, ny, nz, new Vec3(1, 1, 1));
        var image = new float[geometry.VoxelCount];
        var random = new Random(5);
        for (int k = 0, n = 0; k < nz; k++)
        {
            for (int j = 0; j < ny; j++)
            {
                for (int i = 0; i < nx; i++, n++)
                {
                    double u = (i - nx / 2.0) / (0.45 * nx), v = (j - ny / 2.0) / (0.35 * ny);
                    image[n] = u * u + v * v > 1 ? -1000 : 40 + (float)(random.NextDouble() * 24 - 12);
                }
            }
        }
        return PhantomStudy.Write(folder, new Volume<float>(geometry, image), new Volume<byte>(geometry), cancellationToken);
    }

    private static async Task StoreAsync(string folder, string calledAe, int port, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("storescu") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-aet", "BENCH", "-aec", calledAe, "+sd", "127.0.0.1", port.ToString(CultureInfo.InvariantCulture), folder })
            psi.ArgumentList.Add(a);
        psi.Environment["TCP_NODELAY"] = "1";
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var e = p.StandardError.ReadToEndAsync(cancellationToken);
        await p.WaitForExitAsync(cancellationToken);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"storescu to {calledAe}:{port} failed: {await o}{await e}");
    }

    internal static long PeakRss(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        return -1;
    }

    private static string Blas()
    {
        try
        {
            var target = new FileInfo("/etc/alternatives/libblas.so.3-x86_64-linux-gnu").LinkTarget;
            return target ?? "?";
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
