// Wraps the inference engine to time its stages (load: series + model, infer: the network, write: SEG and
// Parametric Map) from the progress it reports, so the demo and the benchmark can break a job down.
using System.Diagnostics;
using PacsSeg.Plugin.Inference;

namespace PacsSeg.Plugin.Demo;

/// <summary>An <see cref="IInferenceEngine"/> that records how long each stage of the last run took.</summary>
public sealed class StageTimingEngine(IInferenceEngine inner) : IInferenceEngine
{
    private readonly Lock gate = new();
    private readonly Dictionary<long, IReadOnlyList<(string Stage, double Seconds)>> byJob = [];

    /// <summary>Stage durations in seconds, in order, of the job with this id (empty until it ran).</summary>
    public IReadOnlyList<(string Stage, double Seconds)> StagesOf(long jobId)
    {
        lock (gate)
            return byJob.TryGetValue(jobId, out var stages) ? stages : [];
    }

    public async Task<InferenceResult> RunAsync(InferenceRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var marks = new List<(string Stage, double At)>();
        var recorder = new Recorder(p =>
        {
            lock (marks)
            {
                if (marks.Count == 0 || marks[^1].Stage != p.Stage)
                    marks.Add((p.Stage, clock.Elapsed.TotalSeconds));
            }
            progress?.Report(p);
        });
        var result = await inner.RunAsync(request, recorder, cancellationToken).ConfigureAwait(false);
        double end = clock.Elapsed.TotalSeconds;
        var stages = new List<(string, double)>();
        lock (marks)
        {
            for (int i = 0; i < marks.Count; i++)
                stages.Add((marks[i].Stage, (i + 1 < marks.Count ? marks[i + 1].At : end) - marks[i].At));
        }
        lock (gate)
            byJob[request.Job.Id] = stages;
        return result;
    }

    // Reports synchronously, so that marks are in the order the engine reached them.
    private sealed class Recorder(Action<InferenceProgress> report) : IProgress<InferenceProgress>
    {
        public void Report(InferenceProgress value) => report(value);
    }
}
