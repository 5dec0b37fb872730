namespace PacsSeg.Plugin.Configuration;

public sealed class InferenceOptions
{
    /// <summary>Jobs waiting for a worker beyond this block assembly (back-pressure), never get dropped.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>One worker per entry ("cpu", "cuda:0", ...).</summary>
    public List<string> Devices { get; set; } = ["cpu"];

    /// <summary>Attempts (including ones interrupted by a crash) before a series is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Folder of NAME-VERSION.pacsseg packages; empty means DataDirectory/models.</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>Where results are written before export; empty means DataDirectory/results.</summary>
    public string ResultsDirectory { get; set; } = "";
}
