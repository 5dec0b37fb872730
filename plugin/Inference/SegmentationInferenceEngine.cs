// The real inference engine: reads the job's instances as one series, runs the routed model's package
// (the newest version in the models folder) through SegmentationPredictor, and writes a DICOM Segmentation
// of the labels and a Parametric Map of the uncertainty next to each other in the job's output folder.
// Loaded models are cached per package file and reloaded when the file changes (hot reload).
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Models;
using PacsSeg.Segmentation.Inference;

namespace PacsSeg.Plugin.Inference;

public sealed class SegmentationInferenceEngine(IModelRegistry registry, ILogger<SegmentationInferenceEngine> logger) : IInferenceEngine, IDisposable
{
    public const string SegmentationFile = "segmentation.dcm";
    public const string UncertaintyFile = "uncertainty.dcm";

    private static readonly CodedConcept AnatomicalStructure = new("123037004", "SCT", "Anatomical Structure");
    private static readonly CodedConcept Tissue = new("85756007", "SCT", "Tissue");
    private static readonly CodedConcept UncertaintyQuantity = new("C25633", "NCIt", "Uncertainty");
    private static readonly CodedConcept NoUnits = new("1", "UCUM", "no units");

    // One network at a time: predictors are not safe for concurrent use (MC dropout toggles layer state),
    // and on CPU a second concurrent run only competes for the same cores.
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly Dictionary<string, (DateTime Modified, SegmentationPredictor Predictor)> loaded = new(StringComparer.Ordinal);

    /// <summary>How predictions run (mirror TTA on by default: it is what makes the uncertainty informative).</summary>
    public PredictionOptions Options { get; init; } = new() { MirrorTta = true };

    public async Task<InferenceResult> RunAsync(InferenceRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = await ResolveAsync(request.Model, cancellationToken).ConfigureAwait(false);
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() => Run(request, model, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<ModelInfo> ResolveAsync(string name, CancellationToken cancellationToken)
    {
        var models = await registry.ListAsync(cancellationToken).ConfigureAwait(false);
        var candidates = models.Where(m => m.Error is null && string.Equals(m.Name, name, StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0)
            throw new InvalidOperationException($"No usable package of model '{name}' is installed ({models.Count} packages in the models folder).");
        return candidates.OrderBy(m => m.Version, VersionComparer.Instance).ThenBy(m => m.ModifiedAt).Last();
    }

    private InferenceResult Run(InferenceRequest request, ModelInfo model, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new InferenceProgress("load", 0));
        var series = DicomSeriesReader.ReadFiles(request.InstancePaths, null, cancellationToken);
        var pathsByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in request.InstancePaths)
            pathsByName[Path.GetFileName(path)] = path;
        var (geometry, source) = SeriesGeometry.From(series, pathsByName);
        var predictor = Predictor(model);
        var manifest = predictor.Manifest;
        var prediction = predictor.Predict(series.Volume, Options,
            progress is null ? null : new FractionProgress(f => progress.Report(new InferenceProgress("infer", 0.1 + 0.8 * f))), cancellationToken);
        progress?.Report(new InferenceProgress("write", 0.9));

        var labels = prediction.Labels;
        int sliceVoxels = labels.SizeX * labels.SizeY;
        var counts = new long[manifest.Classes.Count];
        foreach (byte l in labels.Voxels)
            counts[l]++;
        // Segment numbers must be dense, so only classes that were found become segments.
        var present = Enumerable.Range(1, manifest.Classes.Count - 1).Where(c => counts[c] > 0).ToList();
        var number = new byte[manifest.Classes.Count];
        for (int s = 0; s < present.Count; s++)
            number[present[s]] = (byte)(s + 1);
        string algorithm = $"{manifest.Name}";
        var segments = present.Select((c, s) => new SegmentDescription(s + 1, manifest.Classes[c].Name, AnatomicalStructure, Tissue, algorithm, manifest.Version,
            (manifest.Classes[c].Color[0], manifest.Classes[c].Color[1], manifest.Classes[c].Color[2]))).ToList();

        var outputs = new List<string>();
        if (segments.Count > 0)
        {
            var labelSlices = new List<byte[]>(labels.SizeZ);
            for (int k = 0; k < labels.SizeZ; k++)
            {
                var slice = new byte[sliceVoxels];
                var src = labels.Voxels.AsSpan(k * sliceVoxels, sliceVoxels);
                for (int i = 0; i < sliceVoxels; i++)
                    slice[i] = number[src[i]];
                labelSlices.Add(slice);
            }
            var seg = SegmentationWriter.Create(source, geometry, segments, labelSlices, softwareVersion: manifest.Version);
            outputs.Add(Save(seg, Path.Combine(request.OutputDirectory, SegmentationFile)));
        }
        else
        {
            InferenceLog.NothingSegmented(logger, request.Job.Id, manifest.Name);
        }
        var valueSlices = new List<float[]>(labels.SizeZ);
        for (int k = 0; k < labels.SizeZ; k++)
            valueSlices.Add(prediction.Uncertainty.Voxels.AsSpan(k * sliceVoxels, sliceVoxels).ToArray());
        var map = ParametricMapWriter.Create(source, geometry, valueSlices, UncertaintyQuantity, NoUnits, softwareVersion: manifest.Version);
        outputs.Add(Save(map, Path.Combine(request.OutputDirectory, UncertaintyFile)));

        double voxelMl = labels.Geometry.VoxelVolumeMm3 / 1000.0;
        var summary = new StudySummaryDocument(manifest.Name, manifest.Version, prediction.Samples,
            Enumerable.Range(1, manifest.Classes.Count - 1).Select(c => new ClassVolume(manifest.Classes[c].Name, counts[c], counts[c] * voxelMl)).ToList(),
            prediction.Uncertainty.Voxels.Length == 0 ? 0 : prediction.Uncertainty.Voxels.Average(v => (double)v));
        progress?.Report(new InferenceProgress("write", 1));
        return new InferenceResult(outputs, JsonSerializer.Serialize(summary, StudySummaryDocument.Json));
    }

    private SegmentationPredictor Predictor(ModelInfo model)
    {
        var modified = File.GetLastWriteTimeUtc(model.Path);
        if (loaded.TryGetValue(model.Path, out var entry) && entry.Modified == modified)
            return entry.Predictor;
        entry.Predictor?.Dispose();
        var predictor = SegmentationPredictor.Load(model.Path);
        loaded[model.Path] = (modified, predictor);
        InferenceLog.ModelLoaded(logger, predictor.Manifest.Name, predictor.Manifest.Version, model.Path);
        return predictor;
    }

    private static string Save(DicomDataset dataset, string path)
    {
        string tmp = path + ".tmp";
        new DicomFile(dataset).Save(tmp);
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        foreach (var (_, p) in loaded.Values)
            p.Dispose();
        loaded.Clear();
        gate.Dispose();
    }

    private sealed class FractionProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    // "1.10" sorts after "1.9": numeric parts compare as numbers, the rest ordinally.
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.', '_');
            var b = (y ?? "").Split('.', '_');
            for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                int c = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out long na) && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out long nb)
                    ? na.CompareTo(nb)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                    return c;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
