namespace PacsSeg.Plugin.Configuration;

/// <summary>One place results go to, with its own resilience settings.</summary>
public sealed class ExportDestinationOptions
{
    public string Name { get; set; } = "";

    /// <summary>"Folder", "CStore" or "Stow" (STOW-RS to Url).</summary>
    public string Kind { get; set; } = "Folder";

    public string Folder { get; set; } = "";
    /// <summary>Called AE of a CStore destination.</summary>
    public string AeTitle { get; set; } = "";

    /// <summary>Our AE title on associations to a CStore destination.</summary>
    public string CallingAe { get; set; } = "PACSSEG";
    public string Host { get; set; } = "";
    public int Port { get; set; }
    public string Url { get; set; } = "";
    public string Username { get; set; } = "";
    public string Password { get; set; } = "";
    public string BearerToken { get; set; } = "";

    public int MaxRetries { get; set; } = 3;
    public double BaseDelaySeconds { get; set; } = 1;
    public double MaxDelaySeconds { get; set; } = 30;
    public double TimeoutSeconds { get; set; } = 120;
    public double BreakerFailureRatio { get; set; } = 0.5;
    public int BreakerMinimumThroughput { get; set; } = 4;
    public double BreakerSamplingSeconds { get; set; } = 60;
    public double BreakerBreakSeconds { get; set; } = 30;
}
