// One JSON style for every file a stage writes and the next reads (dataset.json, fingerprint, plan).
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PacsSeg.Trainer.Data;

/// <summary>Reads and writes stage files as indented JSON, atomically (write beside, then rename).</summary>
public static class StageJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write<T>(string path, T value)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        string temp = full + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(value, Options));
        File.Move(temp, full, overwrite: true);
    }

    public static T Read<T>(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
            throw new DatasetFormatException($"{Path.GetFileName(path)} not found at {path}.");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Options)
                ?? throw new DatasetFormatException($"{path} holds null.");
        }
        catch (JsonException e)
        {
            throw new DatasetFormatException($"{path} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);
}
