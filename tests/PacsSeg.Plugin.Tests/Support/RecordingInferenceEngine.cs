using System.Text.Json;
using PacsSeg.Plugin.Inference;

namespace PacsSeg.Plugin.Tests.Support;

/// <summary>
/// Stands in for the segmentation engine at its seam (the real one lands with the Segmentation work): it
/// reads every spooled instance and writes one result file with their total size, so the tests see real
/// files flow from spool to export.
/// </summary>
internal sealed class RecordingInferenceEngine : IInferenceEngine
{
    public int Runs;
    public int FailFirst;

    public async Task<InferenceResult> RunAsync(InferenceRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref Runs) <= FailFirst)
            throw new InvalidOperationException("engine failure for the test");
        long total = 0;
        foreach (var path in request.InstancePaths)
            total += (await File.ReadAllBytesAsync(path, cancellationToken)).Length;
        string output = Path.Combine(request.OutputDirectory, "seg.dcm");
        await File.WriteAllTextAsync(output, $"{request.Model}:{request.InstancePaths.Count}:{total}", cancellationToken);
        return new InferenceResult([output], JsonSerializer.Serialize(new { instances = request.InstancePaths.Count, bytes = total, device = request.Device }));
    }
}
