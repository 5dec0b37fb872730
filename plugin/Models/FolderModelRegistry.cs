// Lists NAME-VERSION.pacsseg packages of the models folder. Only model.json is read (class names), so a
// listing stays cheap; a broken package is listed with its error instead of hiding the others.
using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Models;

public sealed class FolderModelRegistry(IOptions<PluginOptions> options) : IModelRegistry
{
    private const long MaxModelJsonBytes = 1 << 20;
    private readonly string folder = options.Value.ResolveDataPath(options.Value.Inference.ModelsDirectory, "models");

    public string Folder => folder;

    public async Task<IReadOnlyList<ModelInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
            return [];
        var models = new List<ModelInfo>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.pacsseg").Order(StringComparer.Ordinal))
            models.Add(await ReadAsync(path, cancellationToken).ConfigureAwait(false));
        return models;
    }

    private static async Task<ModelInfo> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var file = new FileInfo(path);
        string stem = Path.GetFileNameWithoutExtension(path);
        int dash = stem.LastIndexOf('-');
        string name = dash > 0 ? stem[..dash] : stem;
        string version = dash > 0 ? stem[(dash + 1)..] : "";
        try
        {
            await using var zip = await ZipFile.OpenReadAsync(path, cancellationToken).ConfigureAwait(false);
            var entry = zip.GetEntry("model.json");
            if (entry is null)
                return new ModelInfo(name, version, path, file.Length, file.LastWriteTimeUtc, [], "model.json missing");
            if (entry.Length > MaxModelJsonBytes)
                return new ModelInfo(name, version, path, file.Length, file.LastWriteTimeUtc, [], "model.json larger than 1 MiB");
            await using var stream = await entry.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var json = await JsonDocument.ParseAsync(stream, default, cancellationToken).ConfigureAwait(false);
            return new ModelInfo(name, version, path, file.Length, file.LastWriteTimeUtc, ClassNames(json.RootElement), null);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or IOException)
        {
            return new ModelInfo(name, version, path, file.Length, file.LastWriteTimeUtc, [], ex.Message);
        }
    }

    private static List<string> ClassNames(JsonElement root)
    {
        foreach (var key in new[] { "classes", "class_names", "classNames", "labels" })
        {
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.Array)
                return value.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.TryGetProperty("name", out var n) ? n.ToString() : e.ToString())
                    .ToList();
        }
        return [];
    }
}
