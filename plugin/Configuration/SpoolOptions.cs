namespace PacsSeg.Plugin.Configuration;

public sealed class SpoolOptions
{
    /// <summary>Spool folder; empty means DataDirectory/spool.</summary>
    public string Directory { get; set; } = "";

    /// <summary>Below this many free bytes the spool refuses new instances (C-STORE A700, STOW 503).</summary>
    public long MinFreeBytes { get; set; } = 1L << 30;

    /// <summary>Retry-After sent with a 503 when the spool is full.</summary>
    public int RetryAfterSeconds { get; set; } = 120;

    /// <summary>Largest single instance accepted, so one stream cannot fill the disk past the reserve.</summary>
    public long MaxInstanceBytes { get; set; } = 2L << 30;
}
