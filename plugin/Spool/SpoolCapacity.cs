namespace PacsSeg.Plugin.Spool;

public readonly record struct SpoolCapacity(long AvailableBytes, long MinFreeBytes)
{
    public bool IsNearlyFull => AvailableBytes < MinFreeBytes;
}
