// The model package NAME-VERSION.pacsseg: a zip of model.json (ModelManifest) and weights.safetensors.
// The loader checks everything before it builds a network: entries, sizes, manifest fields, the weights'
// checksum, and that every weight name, shape and type matches the architecture.
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Torch.Serialization;

namespace PacsSeg.Segmentation.Packaging;

public static class ModelPackage
{
    public const int CurrentFormatVersion = 1;
    public const string Extension = ".pacsseg";
    public const string ManifestEntry = "model.json";
    public const string WeightsEntry = "weights.safetensors";
    private const long MaxManifestBytes = 1 << 20;
    private const long MaxWeightsBytes = int.MaxValue;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The package file name for a model: NAME-VERSION.pacsseg, with unsafe characters replaced.</summary>
    public static string FileName(string name, string version) => $"{Sanitize(name)}-{Sanitize(version)}{Extension}";

    private static string Sanitize(string s)
    {
        var chars = s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_').ToArray();
        string r = new string(chars).Trim('.');
        return r.Length == 0 ? "model" : r;
    }

    /// <summary>Writes the package into <paramref name="directory"/>; returns its path.</summary>
    public static string Save(string directory, ModelManifest manifest, SegmentationNetwork network)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(network);
        var weights = new MemoryStream();
        SafeTensors.Write(weights, network.StateDict(), new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["architecture"] = manifest.Architecture,
        });
        var full = manifest with { WeightsSha256 = Convert.ToHexStringLower(SHA256.HashData(weights.ToArray())) };
        Validate(full, "the manifest to save");
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, FileName(manifest.Name, manifest.Version));
        string tmp = path + ".tmp";
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var zip = new ZipArchive(fs, ZipArchiveMode.Create, leaveOpen: true))
            {
                using (var s = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                    JsonSerializer.Serialize(s, full, Json);
                using (var s = zip.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open())
                {
                    weights.Position = 0;
                    weights.CopyTo(s);
                }
            }
            fs.Flush(flushToDisk: true);
        }
        File.Move(tmp, path, overwrite: true);
        return path;
    }

    /// <summary>Reads and checks only the manifest.</summary>
    public static ModelManifest ReadManifest(string path)
    {
        using var zip = Open(path);
        return ReadManifest(zip, path);
    }

    /// <summary>Loads the package: its manifest and the network with its weights (in eval mode).</summary>
    public static (ModelManifest Manifest, SegmentationNetwork Network) Load(string path)
    {
        using var zip = Open(path);
        var manifest = ReadManifest(zip, path);
        var entry = zip.GetEntry(WeightsEntry) ?? throw new ModelPackageException($"{path}: no {WeightsEntry} in the package");
        if (entry.Length > MaxWeightsBytes)
            throw new ModelPackageException($"{path}: {WeightsEntry} is {entry.Length} bytes, more than the {MaxWeightsBytes} supported");
        var bytes = new byte[entry.Length];
        try
        {
            using var s = entry.Open();
            s.ReadExactly(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or IOException)
        {
            throw new ModelPackageException($"{path}: {WeightsEntry} cannot be read ({e.Message})", e);
        }
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(sha, manifest.WeightsSha256, StringComparison.Ordinal))
            throw new ModelPackageException($"{path}: {WeightsEntry} is damaged (SHA-256 {sha}, the manifest says {manifest.WeightsSha256})");
        Dictionary<string, Tensor> weights;
        try
        {
            weights = SafeTensors.Read(new MemoryStream(bytes, writable: false), out _);
        }
        catch (InvalidDataException e)
        {
            throw new ModelPackageException($"{path}: {WeightsEntry} is not valid safetensors ({e.Message})", e);
        }
        SegmentationNetwork? network = null;
        try
        {
            network = NetworkFactory.Create(manifest.Architecture, manifest.InputChannels, manifest.Classes.Count,
                widths: NetworkFactory.WidthsFrom(manifest.Hyperparameters));
            network.LoadStateDict(weights, strict: true);
            network.Eval();
            return (manifest, network);
        }
        catch (TorchException e)
        {
            network?.Dispose();
            throw new ModelPackageException(
                $"{path}: the weights do not match architecture '{manifest.Architecture}' with {manifest.InputChannels} input channels and {manifest.Classes.Count} classes: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            network?.Dispose();
            throw new ModelPackageException($"{path}: model.json describes a network that cannot be built: {e.Message}", e);
        }
        finally
        {
            foreach (var t in weights.Values)
                t.Dispose();
        }
    }

    private static ZipArchive Open(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new ModelPackageException($"{path}: not a model package (not a zip archive: {e.Message})", e);
        }
    }

    private static ModelManifest ReadManifest(ZipArchive zip, string path)
    {
        var entry = zip.GetEntry(ManifestEntry) ?? throw new ModelPackageException($"{path}: no {ManifestEntry} in the package");
        if (entry.Length > MaxManifestBytes)
            throw new ModelPackageException($"{path}: {ManifestEntry} is {entry.Length} bytes, larger than any manifest");
        ModelManifest? manifest;
        try
        {
            using var s = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(s);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new ModelPackageException($"{path}: {ManifestEntry} is not a valid manifest ({e.Message})", e);
        }
        if (manifest is null)
            throw new ModelPackageException($"{path}: {ManifestEntry} is empty");
        Validate(manifest, path);
        return manifest;
    }

    private static void Validate(ModelManifest m, string where)
    {
        var problems = new List<string>();
        if (m.FormatVersion < 1 || m.FormatVersion > CurrentFormatVersion)
            problems.Add($"format version {m.FormatVersion} (this build reads 1..{CurrentFormatVersion})");
        if (string.IsNullOrWhiteSpace(m.Name))
            problems.Add("no name");
        if (string.IsNullOrWhiteSpace(m.Version))
            problems.Add("no version");
        if (!NetworkFactory.Architectures.Contains(m.Architecture))
            problems.Add($"unknown architecture '{m.Architecture}'");
        if (m.InputChannels < 1)
            problems.Add($"input channels {m.InputChannels}");
        if (m.Classes is null || m.Classes.Count < 2)
            problems.Add("fewer than two classes");
        else if (m.Classes.Any(c => c.Color is not { Length: 3 }))
            problems.Add("a class color is not RGB");
        if (m.TargetSpacing.Any(s => !(s > 0)))
            problems.Add("a target spacing is not positive");
        if (m.PatchSize.Any(s => s < 1))
            problems.Add("a patch size is not positive");
        if (m.WeightsSha256.Length != 64)
            problems.Add("no weights checksum");
        if (problems.Count > 0)
            throw new ModelPackageException($"{where}: invalid model manifest: {string.Join("; ", problems)}");
    }
}
