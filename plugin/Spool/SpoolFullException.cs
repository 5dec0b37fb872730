namespace PacsSeg.Plugin.Spool;

/// <summary>The spool is below its free-space reserve: a transient condition (C-STORE A700, HTTP 503).</summary>
public sealed class SpoolFullException(long availableBytes, long minFreeBytes)
    : IOException($"Spool nearly full: {availableBytes} bytes free, {minFreeBytes} bytes reserved.")
{
    public long AvailableBytes { get; } = availableBytes;
    public long MinFreeBytes { get; } = minFreeBytes;
}
