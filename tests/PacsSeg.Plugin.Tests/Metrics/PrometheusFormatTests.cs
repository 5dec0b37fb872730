using System.Diagnostics;
using System.Text.RegularExpressions;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;

namespace PacsSeg.Plugin.Tests.Metrics;

public sealed partial class PrometheusFormatTests
{
    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex Sample();

    private static string Render()
    {
        using var dicom = new PacsSeg.Dicom.Network.DicomNetworkMetrics();
        var metrics = new PluginMetrics(dicom);
        metrics.InstanceReceived();
        metrics.ExportFailure("pacs \"main\"");
        metrics.GrpcCall("/pacsseg.v1.PacsSeg/Health", "OK");
        foreach (var seconds in new[] { 0.3, 4.0, 4.5, 700.0 })
            metrics.InferenceSeconds.Observe(seconds);
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, s => (int)s);
        using var text = new StringWriter();
        metrics.Write(text, counts, 7);
        return text.ToString();
    }

    [Test]
    public void Write_EverySampleLineIsValidAndHasAType()
    {
        string output = Render();
        var typed = new HashSet<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                typed.Add(line.Split(' ')[2]);
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            var match = Sample().Match(line);
            Assert.That(match.Success, Is.True, $"not a Prometheus sample: {line}");
            string family = Regex.Replace(match.Groups[1].Value, "_(bucket|sum|count)$", "");
            Assert.That(typed.Contains(match.Groups[1].Value) || typed.Contains(family), Is.True, $"no TYPE before {line}");
        }
        Assert.That(output, Does.Contain("pacsseg_inference_queue_depth 7"));
        Assert.That(output, Does.Contain("pacsseg_associations_total{outcome=\"accepted\"} 0"));
        Assert.That(output, Does.Contain("destination=\"pacs \\\"main\\\"\""));
    }

    [Test]
    public void Write_HistogramBucketsAreCumulativeAndEndAtTheCount()
    {
        var buckets = Render().Split('\n').Where(l => l.StartsWith("pacsseg_inference_seconds_bucket", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..])).ToList();
        Assert.That(buckets, Is.Ordered);
        Assert.That(buckets[0], Is.EqualTo(1), "0.3 s falls in le=0.5");
        Assert.That(buckets[^1], Is.EqualTo(4), "+Inf holds all");
        Assert.That(buckets[^2], Is.EqualTo(3), "700 s is above the last finite bound");
    }

    [Test]
    [Category("Peer")]
    public async Task Write_ParsesWithThePrometheusPythonClient()
    {
        var script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            fams = {f.name: f for f in text_string_to_metric_families(sys.stdin.read())}
            h = fams['pacsseg_inference_seconds']
            count = [s.value for s in h.samples if s.name == 'pacsseg_inference_seconds_count'][0]
            print(h.type, int(count), len(fams), int([s.value for s in fams['pacsseg_jobs'].samples if s.labels['state'] == 'DeadLetter'][0]))
            """;
        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", script]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        await process.StandardInput.WriteAsync(Render());
        process.StandardInput.Close();
        string stdout = await process.StandardOutput.ReadToEndAsync();
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, stderr);
        var parts = stdout.Trim().Split(' ');
        Assert.That(parts[0], Is.EqualTo("histogram"));
        Assert.That(parts[1], Is.EqualTo("4"));
        Assert.That(int.Parse(parts[2]), Is.GreaterThanOrEqualTo(10));
        Assert.That(parts[3], Is.EqualTo(((int)JobState.DeadLetter).ToString()));
    }
}
