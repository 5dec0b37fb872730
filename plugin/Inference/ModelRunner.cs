// Runs installed models: resolves a model by name (and optionally version) in the registry, keeps loaded
// predictors cached per package file (reloaded when the file changes: hot reload), and runs one prediction at a
// time. The inference worker (through SegmentationInferenceEngine) and the gRPC Segment call share one instance,
// so both run exactly the same predictor and never compete for the CPU with two networks at once.
using Microsoft.Extensions.Logging;
using PacsSeg.Imaging;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Models;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Packaging;

namespace PacsSeg.Plugin.Inference;

public sealed class ModelRunner(IModelRegistry registry, ILogger<ModelRunner> logger) : IDisposable
{
    // Predictors are not safe for concurrent use (MC dropout toggles layer state), and on CPU a second
    // concurrent run only competes for the same cores.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, (DateTime Modified, SegmentationPredictor Predictor)> loaded = new(StringComparer.Ordinal);

    /// <summary>The usable package of <paramref name="name"/> with <paramref name="version"/> (the newest when null or empty); null when none.</summary>
    public async Task<ModelInfo?> ResolveAsync(string name, string? version, CancellationToken cancellationToken)
    {
        var models = await registry.ListAsync(cancellationToken).ConfigureAwait(false);
        return Newest(models, name, version);
    }

    /// <summary>The package that a request without a version gets, among <paramref name="models"/>.</summary>
    public static ModelInfo? Newest(IEnumerable<ModelInfo> models, string name, string? version = null) =>
        models.Where(m => m.Error is null && string.Equals(m.Name, name, StringComparison.Ordinal)
                && (string.IsNullOrEmpty(version) || string.Equals(m.Version, version, StringComparison.Ordinal)))
            .OrderBy(m => m.Version, ModelVersionComparer.Instance).ThenBy(m => m.ModifiedAt).LastOrDefault();

    /// <summary>Waits for the model slot, then predicts on a worker thread (cancellable while waiting and between patches).</summary>
    public async Task<(SegmentationPrediction Prediction, ModelManifest Manifest)> PredictAsync(ModelInfo model, Volume<float> image, PredictionOptions options,
        IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(image);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                var predictor = Predictor(model);
                return (predictor.Predict(image, options, progress, cancellationToken), predictor.Manifest);
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    // Called with the gate held.
    private SegmentationPredictor Predictor(ModelInfo model)
    {
        var modified = File.GetLastWriteTimeUtc(model.Path);
        if (loaded.TryGetValue(model.Path, out var entry) && entry.Modified == modified)
            return entry.Predictor;
        if (entry.Predictor is not null)
        {
            entry.Predictor.Dispose();
            loaded.Remove(model.Path); // a failed reload below must not leave the disposed predictor cached
        }
        var predictor = SegmentationPredictor.Load(model.Path);
        loaded[model.Path] = (modified, predictor);
        InferenceLog.ModelLoaded(logger, predictor.Manifest.Name, predictor.Manifest.Version, model.Path);
        return predictor;
    }

    public void Dispose()
    {
        foreach (var (_, p) in loaded.Values)
            p.Dispose();
        loaded.Clear();
        gate.Dispose();
    }
}
