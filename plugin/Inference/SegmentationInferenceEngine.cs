// The real inference engine: reads the job's instances as one series, runs the routed model's package
// (the newest version in the models folder) through SegmentationPredictor (via the shared ModelRunner, which
// caches and hot-reloads packages), and writes a DICOM Segmentation of the labels and a Parametric Map of the
// uncertainty next to each other in the job's output folder.
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Iod;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Models;
using PacsSeg.Imaging.Series;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Packaging;

namespace PacsSeg.Plugin.Inference;

public sealed class SegmentationInferenceEngine : IInferenceEngine, IDisposable
{
    public const string SegmentationFile = "segmentation.dcm";
    public const string UncertaintyFile = "uncertainty.dcm";

    private static readonly CodedConcept AnatomicalStructure = new("123037004", "SCT", "Anatomical Structure");
    private static readonly CodedConcept Tissue = new("85756007", "SCT", "Tissue");
    private static readonly CodedConcept UncertaintyQuantity = new("C25633", "NCIt", "Uncertainty");
    private static readonly CodedConcept NoUnits = new("1", "UCUM", "no units");

    private readonly IModelRegistry registry;
    private readonly ModelRunner runner;
    private readonly bool ownsRunner;
    private readonly ILogger<SegmentationInferenceEngine> logger;

    /// <param name="runner">The host's shared runner; without one (a stand-alone engine) it makes its own.</param>
    public SegmentationInferenceEngine(IModelRegistry registry, ILogger<SegmentationInferenceEngine> logger, ModelRunner? runner = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        this.registry = registry;
        this.logger = logger;
        ownsRunner = runner is null;
        this.runner = runner ?? new ModelRunner(registry, Microsoft.Extensions.Logging.Abstractions.NullLogger<ModelRunner>.Instance);
    }

    /// <summary>How predictions run (mirror TTA on by default: it is what makes the uncertainty informative).</summary>
    public PredictionOptions Options { get; init; } = new() { MirrorTta = true };

    public async Task<InferenceResult> RunAsync(InferenceRequest request, IProgress<InferenceProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = await runner.ResolveAsync(request.Model, null, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"No usable package of model '{request.Model}' is installed ({(await registry.ListAsync(cancellationToken).ConfigureAwait(false)).Count} packages in the models folder).");
        progress?.Report(new InferenceProgress("load", 0));
        var (series, geometry, source) = await Task.Run(() => Load(request, cancellationToken), cancellationToken).ConfigureAwait(false);
        var (prediction, manifest) = await runner.PredictAsync(model, series.Volume, Options,
            progress is null ? null : new FractionProgress(f => progress.Report(new InferenceProgress("infer", 0.1 + 0.8 * f))), cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => Write(request, prediction, manifest, geometry, source, progress), cancellationToken).ConfigureAwait(false);
    }

    private static (AssembledSeries Series, SegmentationGeometry Geometry, DicomDataset Source) Load(InferenceRequest request, CancellationToken cancellationToken)
    {
        var series = DicomSeriesReader.ReadFiles(request.InstancePaths, null, cancellationToken);
        var pathsByName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in request.InstancePaths)
            pathsByName[Path.GetFileName(path)] = path;
        var (geometry, source) = SeriesGeometry.From(series, pathsByName);
        return (series, geometry, source);
    }

    private InferenceResult Write(InferenceRequest request, SegmentationPrediction prediction, ModelManifest manifest, SegmentationGeometry geometry,
        DicomDataset source, IProgress<InferenceProgress>? progress)
    {
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
        Spool.DirectorySync.Flush(Path.GetFullPath(request.OutputDirectory));

        double voxelMl = labels.Geometry.VoxelVolumeMm3 / 1000.0;
        var summary = new StudySummaryDocument(manifest.Name, manifest.Version, prediction.Samples,
            Enumerable.Range(1, manifest.Classes.Count - 1).Select(c => new ClassVolume(manifest.Classes[c].Name, counts[c], counts[c] * voxelMl)).ToList(),
            prediction.Uncertainty.Voxels.Length == 0 ? 0 : prediction.Uncertainty.Voxels.Average(v => (double)v));
        progress?.Report(new InferenceProgress("write", 1));
        return new InferenceResult(outputs, JsonSerializer.Serialize(summary, StudySummaryDocument.Json));
    }

    // The results are committed with the job's move to Exporting, so they must be on disk before that:
    // temp file, fsync, rename, then one fsync of the folder for both files (as the spool does).
    private static string Save(DicomDataset dataset, string path)
    {
        string tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            new DicomFile(dataset).Save(stream);
            stream.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        if (ownsRunner)
            runner.Dispose();
    }

    private sealed class FractionProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
