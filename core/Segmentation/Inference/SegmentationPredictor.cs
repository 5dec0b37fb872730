// Runs a packaged segmentation model on one volume: preprocessing from model.json (target spacing,
// intensity normalization), Gaussian-weighted sliding windows, optional mirror TTA and MC dropout,
// predictive-entropy uncertainty, argmax, largest component per class (where the manifest's
// hyperparameter "largestComponent" names the classes, or says "all"), and resampling back to the source grid.
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Inference;
using PacsSeg.Imaging.Processing;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Segmentation.Inference;

public sealed class SegmentationPredictor : IDisposable
{
    /// <summary>The manifest hyperparameter listing the classes (names or indices, comma separated, or "all")
    /// whose prediction is reduced to its largest connected component.</summary>
    public const string LargestComponentKey = "largestComponent";

    private readonly SegmentationNetwork network;
    private readonly List<Dropout> dropouts = [];

    public SegmentationPredictor(ModelManifest manifest, SegmentationNetwork network)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(network);
        if (manifest.InputChannels != 1)
            throw new ArgumentException($"Model '{manifest.Name}' takes {manifest.InputChannels} input channels; only single-channel models run on one series.", nameof(manifest));
        if (manifest.Classes.Count > byte.MaxValue + 1)
            throw new ArgumentException($"Model '{manifest.Name}' has {manifest.Classes.Count} classes; labels hold at most 256.", nameof(manifest));
        Manifest = manifest;
        this.network = network;
        network.Eval();
        CollectDropouts(network);
        (PatchX, PatchY, PatchZ) = PatchSize(manifest, network);
        LargestComponentClasses = ParseLargestComponent(manifest);
    }

    public ModelManifest Manifest { get; }

    public int PatchX { get; }
    public int PatchY { get; }
    public int PatchZ { get; }

    /// <summary>Class indices whose prediction keeps only its largest connected component.</summary>
    public IReadOnlySet<int> LargestComponentClasses { get; }

    /// <summary>Loads a .pacsseg package (see <see cref="ModelPackage.Load"/>).</summary>
    public static SegmentationPredictor Load(string packagePath)
    {
        var (manifest, network) = ModelPackage.Load(packagePath);
        try
        {
            return new SegmentationPredictor(manifest, network);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Segments <paramref name="image"/> (real-world intensities) and returns labels and uncertainty on its grid.
    /// Progress reports the fraction done, 0..1.</summary>
    public SegmentationPrediction Predict(Volume<float> image, PredictionOptions? options = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= new PredictionOptions();
        if (options.DropoutSamples < 0)
            throw new ArgumentOutOfRangeException(nameof(options), options.DropoutSamples, "dropout samples must not be negative");
        var source = image.Geometry;
        var resampled = TargetSpacing(source) is { } spacing ? Resampler.LinearToSpacing(image, spacing, cancellationToken) : image;
        var input = IntensityNormalizer.Apply(resampled, Manifest.Normalization);
        var grid = input.Geometry;
        int classes = Manifest.Classes.Count;
        var mirrors = Mirrors(options.MirrorTta);
        int passes = Math.Max(1, options.DropoutSamples);
        int total = mirrors.Count * passes;
        var sum = new double[classes][];
        for (int c = 0; c < classes; c++)
            sum[c] = new double[grid.VoxelCount];
        var window = new SlidingWindowInference(PatchX, PatchY, PatchZ, classes, options.Overlap);
        bool mc = options.DropoutSamples > 0;
        if (mc)
            TorchRuntime.ManualSeed(options.Seed);
        SetDropout(mc);
        try
        {
            int done = 0;
            foreach (var mirror in mirrors)
            {
                for (int p = 0; p < passes; p++)
                {
                    int before = done;
                    var probs = window.Run([input], (x, y) => PredictPatch(x, y, mirror), 0f,
                        progress is null ? null : new PatchProgress(t => progress.Report((before + (double)t.Done / t.Total) / total * 0.9)),
                        cancellationToken);
                    for (int c = 0; c < classes; c++)
                    {
                        var dst = sum[c];
                        var src = probs[c].Voxels;
                        for (int i = 0; i < dst.Length; i++)
                            dst[i] += src[i];
                    }
                    done++;
                }
            }
        }
        finally
        {
            SetDropout(false);
        }
        var (labels, entropy) = ArgmaxAndEntropy(sum, grid);
        if (LargestComponentClasses.Count > 0)
            labels = KeepLargest(labels, LargestComponentClasses, cancellationToken);
        var outLabels = grid.SameGridAs(source) ? labels : Resampler.Nearest(labels, source, (byte)0, cancellationToken);
        var outEntropy = grid.SameGridAs(source) ? entropy : Resampler.Linear(entropy, source, 0f, cancellationToken);
        // Linear interpolation of values in [0, 1] stays there; the clamp only removes float rounding.
        var u = outEntropy.Voxels;
        for (int i = 0; i < u.Length; i++)
            u[i] = Math.Clamp(u[i], 0f, 1f);
        progress?.Report(1.0);
        return new SegmentationPrediction(outLabels, outEntropy, total);
    }

    private Vec3? TargetSpacing(VolumeGeometry source)
    {
        var t = Manifest.TargetSpacing;
        if (t.Length == 0)
            return null;
        var spacing = new Vec3(t[0], t.Length > 1 ? t[1] : source.Spacing.Y, t.Length > 2 ? t[2] : source.Spacing.Z);
        return (spacing - source.Spacing).Length < 1e-6 ? null : spacing;
    }

    // Spatial tensor dimensions to flip for each mirror: 2-D networks see [N, C, Y, X], 3-D ones [N, C, Z, Y, X].
    private List<long[]> Mirrors(bool tta)
    {
        if (!tta)
            return [[]];
        int dims = network.SpatialDimensions;
        var result = new List<long[]>();
        for (int mask = 0; mask < 1 << dims; mask++)
            result.Add(Enumerable.Range(0, dims).Where(d => (mask & (1 << d)) != 0).Select(d => (long)(2 + d)).ToArray());
        return result;
    }

    private void PredictPatch(ReadOnlySpan<float> input, Span<float> probabilities, long[] flip)
    {
        long[] shape = network.SpatialDimensions == 2 ? [1, 1, PatchY, PatchX] : [1, 1, PatchZ, PatchY, PatchX];
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var x = Tensor.FromSpan(input, shape);
        if (flip.Length > 0)
            x = x.Flip(flip);
        using var output = network.Forward(x);
        var logits = flip.Length > 0 ? output.Logits.Flip(flip) : output.Logits;
        var p = Functional.Softmax(logits, 1).Contiguous().ToArray<float>();
        p.AsSpan().CopyTo(probabilities);
    }

    private static (Volume<byte> Labels, Volume<float> Entropy) ArgmaxAndEntropy(double[][] sum, VolumeGeometry grid)
    {
        int classes = sum.Length;
        var labels = new byte[grid.VoxelCount];
        var entropy = new float[grid.VoxelCount];
        double norm = Math.Log(classes);
        for (int i = 0; i < labels.Length; i++)
        {
            double total = 0;
            for (int c = 0; c < classes; c++)
                total += sum[c][i];
            int best = 0;
            double bestP = -1, h = 0;
            for (int c = 0; c < classes; c++)
            {
                // Patches are merged with normalized weights, but edge voxels of tiny volumes can sum to
                // slightly less than the sample count: renormalize per voxel.
                double p = total > 0 ? sum[c][i] / total : 1.0 / classes;
                if (p > bestP)
                {
                    bestP = p;
                    best = c;
                }
                if (p > 0)
                    h -= p * Math.Log(p);
            }
            labels[i] = (byte)best;
            entropy[i] = (float)Math.Clamp(h / norm, 0, 1);
        }
        return (new Volume<byte>(grid, labels), new Volume<float>(grid, entropy));
    }

    private static Volume<byte> KeepLargest(Volume<byte> labels, IReadOnlySet<int> classes, CancellationToken cancellationToken)
    {
        var components = ConnectedComponents.Label(labels, Connectivity.Faces6, cancellationToken);
        var largest = new Dictionary<byte, (int Id, long Size)>();
        for (int id = 0; id < components.Count; id++)
        {
            byte value = components.Values[id];
            if (!classes.Contains(value))
                continue;
            if (!largest.TryGetValue(value, out var best) || components.Sizes[id] > best.Size)
                largest[value] = (id + 1, components.Sizes[id]); // Ids count from 1
        }
        var result = labels.Clone();
        var ids = components.Ids.Voxels;
        var v = result.Voxels;
        for (int i = 0; i < v.Length; i++)
        {
            if (v[i] != 0 && classes.Contains(v[i]) && largest.TryGetValue(v[i], out var keep) && ids[i] != keep.Id)
                v[i] = 0;
        }
        return result;
    }

    private static (int X, int Y, int Z) PatchSize(ModelManifest manifest, SegmentationNetwork network)
    {
        var p = manifest.PatchSize;
        int x = p.Length > 0 ? checked((int)p[0]) : 128;
        int y = p.Length > 1 ? checked((int)p[1]) : x;
        int z = network.SpatialDimensions == 2 ? 1 : p.Length > 2 ? checked((int)p[2]) : x;
        long d = network.SizeDivisor;
        if (x % d != 0 || y % d != 0 || (network.SpatialDimensions == 3 && z % d != 0))
            throw new ArgumentException($"Model '{manifest.Name}': patch size {x}x{y}x{z} is not a multiple of {d}, which architecture '{manifest.Architecture}' needs.", nameof(manifest));
        return (x, y, z);
    }

    private static HashSet<int> ParseLargestComponent(ModelManifest manifest)
    {
        var set = new HashSet<int>();
        if (!manifest.Hyperparameters.TryGetValue(LargestComponentKey, out var spec) || string.IsNullOrWhiteSpace(spec))
            return set;
        if (spec.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            for (int c = 1; c < manifest.Classes.Count; c++)
                set.Add(c);
            return set;
        }
        foreach (var part in spec.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int index = int.TryParse(part, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int n)
                ? n
                : IndexOfClass(manifest, part);
            if (index < 1 || index >= manifest.Classes.Count)
                throw new ArgumentException($"Model '{manifest.Name}': '{LargestComponentKey}' names '{part}', which is not a foreground class.", nameof(manifest));
            set.Add(index);
        }
        return set;
    }

    private static int IndexOfClass(ModelManifest manifest, string name)
    {
        for (int i = 0; i < manifest.Classes.Count; i++)
        {
            if (string.Equals(manifest.Classes[i].Name, name, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        return -1;
    }

    private void CollectDropouts(Module module)
    {
        foreach (var (_, child) in module.NamedChildren())
        {
            if (child is Dropout d)
                dropouts.Add(d);
            CollectDropouts(child);
        }
    }

    // MC dropout turns on only the dropout layers; normalization layers keep their inference statistics.
    private void SetDropout(bool on)
    {
        foreach (var d in dropouts)
            d.Train(on);
    }

    public void Dispose() => network.Dispose();

    // Reports synchronously (Progress<T> would post to the thread pool and could arrive after the final 1.0).
    private sealed class PatchProgress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
