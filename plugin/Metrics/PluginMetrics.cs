// The plugin's counters, exposed in the Prometheus text format (version 0.0.4) by /metrics.
// Job counts and queue depth are read at scrape time from their owners, so they never drift.
using System.Collections.Concurrent;
using System.Globalization;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Metrics;

public sealed class PluginMetrics(DicomNetworkMetrics? dicom = null)
{
    private long instancesReceived;
    private long instancesRejected;
    private long spoolFullRefusals;
    private long exportsDelivered;
    private readonly ConcurrentDictionary<string, long> exportFailures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Method, string Status), long> grpcCalls = new();

    public Histogram InferenceSeconds { get; } = new([0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600]);

    public void InstanceReceived() => Interlocked.Increment(ref instancesReceived);
    public void InstanceRejected() => Interlocked.Increment(ref instancesRejected);
    public void SpoolFullRefusal() => Interlocked.Increment(ref spoolFullRefusals);
    public void ExportDelivered() => Interlocked.Increment(ref exportsDelivered);

    public void ExportFailure(string destination) => exportFailures.AddOrUpdate(destination, 1, (_, n) => n + 1);

    public void GrpcCall(string method, string status) => grpcCalls.AddOrUpdate((method, status), 1, (_, n) => n + 1);

    public long GrpcCallCount(string method, string status) => grpcCalls.TryGetValue((method, status), out var n) ? n : 0;

    public void Write(TextWriter w, IReadOnlyDictionary<JobState, int> jobsByState, int queueDepth)
    {
        Counter(w, "pacsseg_instances_received_total", "Instances spooled and recorded.", Interlocked.Read(ref instancesReceived));
        Counter(w, "pacsseg_instances_rejected_total", "Instances refused as invalid.", Interlocked.Read(ref instancesRejected));
        Counter(w, "pacsseg_spool_full_refusals_total", "Instances refused because the spool was nearly full.", Interlocked.Read(ref spoolFullRefusals));

        Header(w, "pacsseg_associations_total", "DICOM associations by outcome.", "counter");
        if (dicom is not null)
        {
            w.Write($"pacsseg_associations_total{{outcome=\"accepted\"}} {dicom.AssociationsAccepted}\n");
            w.Write($"pacsseg_associations_total{{outcome=\"rejected\"}} {dicom.AssociationsRejected}\n");
            w.Write($"pacsseg_associations_total{{outcome=\"aborted\"}} {dicom.AssociationsAborted}\n");
        }

        Header(w, "pacsseg_jobs", "Series jobs by state.", "gauge");
        foreach (var (state, n) in jobsByState.OrderBy(p => p.Key))
            w.Write($"pacsseg_jobs{{state=\"{state}\"}} {n}\n");

        Header(w, "pacsseg_inference_queue_depth", "Jobs waiting for an inference worker.", "gauge");
        w.Write($"pacsseg_inference_queue_depth {queueDepth}\n");

        Header(w, "pacsseg_inference_seconds", "Duration of inference per series.", "histogram");
        var (cumulative, sum, count) = InferenceSeconds.Snapshot();
        for (int i = 0; i < InferenceSeconds.UpperBounds.Count; i++)
            w.Write($"pacsseg_inference_seconds_bucket{{le=\"{Num(InferenceSeconds.UpperBounds[i])}\"}} {cumulative[i]}\n");
        w.Write($"pacsseg_inference_seconds_bucket{{le=\"+Inf\"}} {cumulative[^1]}\n");
        w.Write($"pacsseg_inference_seconds_sum {Num(sum)}\n");
        w.Write($"pacsseg_inference_seconds_count {count}\n");

        Counter(w, "pacsseg_exports_delivered_total", "Result batches delivered to a destination.", Interlocked.Read(ref exportsDelivered));
        Header(w, "pacsseg_export_failures_total", "Failed export attempts by destination.", "counter");
        foreach (var (destination, n) in exportFailures.OrderBy(p => p.Key, StringComparer.Ordinal))
            w.Write($"pacsseg_export_failures_total{{destination=\"{Escape(destination)}\"}} {n}\n");

        Header(w, "pacsseg_grpc_calls_total", "gRPC calls by method and status.", "counter");
        foreach (var ((method, status), n) in grpcCalls.OrderBy(p => p.Key.Method, StringComparer.Ordinal).ThenBy(p => p.Key.Status, StringComparer.Ordinal))
            w.Write($"pacsseg_grpc_calls_total{{method=\"{Escape(method)}\",status=\"{Escape(status)}\"}} {n}\n");
    }

    private static void Counter(TextWriter w, string name, string help, long value)
    {
        Header(w, name, help, "counter");
        w.Write($"{name} {value}\n");
    }

    private static void Header(TextWriter w, string name, string help, string type)
    {
        w.Write($"# HELP {name} {help}\n");
        w.Write($"# TYPE {name} {type}\n");
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
