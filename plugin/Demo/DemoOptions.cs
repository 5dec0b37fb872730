namespace PacsSeg.Plugin.Demo;

/// <summary>What the demo makes and where it keeps the results.</summary>
public sealed record DemoOptions
{
    /// <summary>In-plane size of the phantom CT (voxels per side).</summary>
    public int Size { get; init; } = 256;

    /// <summary>Slices of the phantom CT.</summary>
    public int Slices { get; init; } = 128;

    /// <summary>Seed of the phantom case; the demo model was trained on other seeds.</summary>
    public int Seed { get; init; } = 2026;

    /// <summary>Folder for the rendered PNG and the SEG / Parametric Map fetched back from Orthanc.</summary>
    public string OutputFolder { get; init; } = "demo-output";

    /// <summary>Whether to render the PNG (needs the viewer and EGL).</summary>
    public bool Render { get; init; } = true;

    /// <summary>Seconds Orthanc waits after the last instance before it calls the study stable and routes it.</summary>
    public double StableAgeSeconds { get; init; } = 1;

    /// <summary>The plugin's quiet period: seconds after a series' last instance before it is assembled.</summary>
    public double QuietPeriodSeconds { get; init; } = 1;

    /// <summary>Longest wait for the results to arrive in Orthanc.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep the working folder (phantom, Orthanc storage, plugin data) instead of deleting it.</summary>
    public bool KeepWorkFolder { get; init; }

    internal void Validate()
    {
        if (Size is < 32 or > 1024 || Slices is < 16 or > 1024)
            throw new DemoException($"the phantom must be 32..1024 voxels in-plane and 16..1024 slices, got {Size}x{Size}x{Slices}.");
        if (StableAgeSeconds <= 0 || QuietPeriodSeconds <= 0 || Timeout <= TimeSpan.Zero)
            throw new DemoException("stable age, quiet period and timeout must be positive.");
    }
}
