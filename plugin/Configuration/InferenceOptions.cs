namespace PacsSeg.Plugin.Configuration;

public sealed class InferenceOptions
{
    /// <summary>Jobs waiting for a worker beyond this block assembly (back-pressure), never get dropped.</summary>
    public int QueueCapacity { get; set; } = 64;

    /// <summary>One worker per entry ("cpu", "cuda:0", ...); empty means one CPU worker.</summary>
    /// <remarks>Empty by default because configuration binding appends to a list instead of replacing it.</remarks>
    public List<string> Devices { get; set; } = [];

    public IReadOnlyList<string> EffectiveDevices => Devices.Count == 0 ? ["cpu"] : Devices;

    /// <summary>Attempts (including ones interrupted by a crash) before a series is marked Failed.</summary>
    public int MaxAttempts { get; set; } = 2;

    /// <summary>Wait before attempt N+1 is RetryDelaySeconds x N.</summary>
    public double RetryDelaySeconds { get; set; } = 5;

    /// <summary>Folder of NAME-VERSION.pacsseg packages; empty means DataDirectory/models.</summary>
    public string ModelsDirectory { get; set; } = "";

    /// <summary>Where results are written before export; empty means DataDirectory/results.</summary>
    public string ResultsDirectory { get; set; } = "";
}
