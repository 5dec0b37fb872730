// Series -> volume: N CT slices of 512x512 int16 (pydicom-written) read into a float volume of HU,
// PacsSeg (DicomSeriesReader) against pydicom building the same numpy volume, in one run.
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PacsSeg.Imaging.Dicom;
using Spectre.Console;

namespace PacsSeg.Benchmarks.Imaging;

public sealed class DicomSeriesReadBenchmark : IBenchmark
{
    public string Name => "series-read";

    public string Description => "500 CT slices 512x512 int16 -> HU volume: PacsSeg vs pydicom+numpy (MB/s, ratio)";

    public async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        int slices = IntArg(args, "--slices", 500);
        int size = IntArg(args, "--size", 512);
        int repeats = IntArg(args, "--repeats", 5);
        string work = Path.Combine(Path.GetTempPath(), "pacsseg-bench-series-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            string series = Path.Combine(work, "series");
            await AnsiConsole.Status().StartAsync($"Writing {slices} slices of {size}x{size} with pydicom...", async _ =>
                await SeriesReadPeer.RunAsync(work, ["generate", series, SeriesReadPeer.Arg(slices), SeriesReadPeer.Arg(size)], cancellationToken));
            long fileBytes = Directory.GetFiles(series).Sum(f => new FileInfo(f).Length);
            double pixelMb = (double)slices * size * size * 2 / 1e6;

            var ours = new List<double>();
            var oursCpu = new List<double>();
            double ourChecksum = 0;
            await AnsiConsole.Progress().StartAsync(async ctx =>
            {
                var task = ctx.AddTask("PacsSeg DicomSeriesReader", maxValue: repeats + 1);
                for (int r = 0; r <= repeats; r++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    var volume = DicomSeriesReader.ReadDirectory(series, cancellationToken: cancellationToken).Volume;
                    sw.Stop();
                    if (r > 0)
                    {
                        // Run 0 warms the JIT and the page cache (the peer gets a warm-up run too).
                        ours.Add(sw.Elapsed.TotalSeconds);
                        oursCpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                    }
                    ourChecksum = Checksum(volume);
                    task.Increment(1);
                    await Task.Yield();
                }
            });

            JsonElement peer = default;
            await AnsiConsole.Status().StartAsync($"pydicom reading {slices} slices ({repeats + 1} times)...", async _ =>
                peer = JsonDocument.Parse(await SeriesReadPeer.RunAsync(work, ["read", series, SeriesReadPeer.Arg(repeats)], cancellationToken)).RootElement);
            var theirs = peer.GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
            var theirsCpu = peer.GetProperty("cpu_seconds").EnumerateArray().Select(e => e.GetDouble()).ToList();
            double theirChecksum = peer.GetProperty("checksum").GetDouble();

            double oursBest = ours.Min(), theirsBest = theirs.Min();
            double oursMedian = Median(ours), theirsMedian = Median(theirs);
            double oursCpuMedian = Median(oursCpu), theirsCpuMedian = Median(theirsCpu);
            var table = new Table().AddColumns("reader", "best s", "median s", "MB/s (pixels, median)", "slices/s", "CPU s (median)");
            table.AddRow("PacsSeg", F(oursBest), F(oursMedian), F(pixelMb / oursMedian), F(slices / oursMedian), F(oursCpuMedian));
            table.AddRow("pydicom + numpy", F(theirsBest), F(theirsMedian), F(pixelMb / theirsMedian), F(slices / theirsMedian), F(theirsCpuMedian));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine(Invariant($"Ratio pydicom/PacsSeg: wall median {theirsMedian / oursMedian:F1}x, wall best {theirsBest / oursBest:F1}x, CPU {theirsCpuMedian / oursCpuMedian:F1}x (goal >= 5x)"));
            AnsiConsole.WriteLine(Invariant($"{Environment.ProcessorCount} logical CPUs, load average {BenchmarkText.LoadAverage()}; {slices} x {size}x{size} int16, {fileBytes / 1e6:F0} MB of files"));
            AnsiConsole.WriteLine("Both sides fill a fresh float32 volume; on a loaded machine its first-touch page faults can dominate a run, hence best and median.");
            bool same = Math.Abs(ourChecksum - theirChecksum) <= 1e-6 * Math.Max(1, Math.Abs(theirChecksum));
            AnsiConsole.WriteLine(Invariant($"Volumes agree (strided checksum): {(same ? "yes" : "NO")} ({ourChecksum:G10} vs {theirChecksum:G10})"));
            return same ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The same strided sum the peer computes: every 7th slice, 13th row, 11th column.</summary>
    private static double Checksum(PacsSeg.Imaging.Volume<float> v)
    {
        double sum = 0;
        for (int k = 0; k < v.SizeZ; k += 7)
            for (int j = 0; j < v.SizeY; j += 13)
                for (int i = 0; i < v.SizeX; i += 11)
                    sum += v[i, j, k];
        return sum;
    }

    private static double Median(List<double> values)
    {
        var s = values.Order().ToList();
        return s.Count % 2 == 1 ? s[s.Count / 2] : (s[s.Count / 2 - 1] + s[s.Count / 2]) / 2;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;
    }

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
