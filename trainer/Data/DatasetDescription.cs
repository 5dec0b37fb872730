using System.Text.Json.Serialization;

namespace PacsSeg.Trainer.Data;

/// <summary>
/// dataset.json in nnU-Net v2's form (channel names, label ids, training count, file ending), plus the
/// counts of this split, which nnU-Net ignores.
/// </summary>
public sealed record DatasetDescription
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "dataset";

    [JsonPropertyName("description")]
    public string Description { get; init; } = "";

    /// <summary>Channel index ("0") to modality ("MRI", "CT").</summary>
    [JsonPropertyName("channel_names")]
    public IReadOnlyDictionary<string, string> ChannelNames { get; init; } = new Dictionary<string, string> { ["0"] = "MRI" };

    /// <summary>Label name to label id; "background" is 0.</summary>
    [JsonPropertyName("labels")]
    public IReadOnlyDictionary<string, int> Labels { get; init; } = new Dictionary<string, int> { ["background"] = 0 };

    [JsonPropertyName("numTraining")]
    public int NumTraining { get; init; }

    [JsonPropertyName("numLabeled")]
    public int NumLabeled { get; init; }

    [JsonPropertyName("numUnlabeled")]
    public int NumUnlabeled { get; init; }

    [JsonPropertyName("numTest")]
    public int NumTest { get; init; }

    [JsonPropertyName("file_ending")]
    public string FileEnding { get; init; } = ".nii.gz";

    /// <summary>Class names ordered by label id (index = id).</summary>
    public IReadOnlyList<string> ClassNamesById()
    {
        int count = Labels.Values.Max() + 1;
        var names = new string[count];
        for (int id = 0; id < count; id++)
            names[id] = $"label{id}";
        foreach (var (name, id) in Labels)
            names[id] = name;
        return names;
    }

    public string Modality => ChannelNames.TryGetValue("0", out var m) ? m : "unknown";
}
