namespace PacsSeg.Plugin.Spool;

public sealed class InstanceTooLargeException(long limit)
    : IOException($"Instance exceeds the spool's limit of {limit} bytes.")
{
    public long Limit { get; } = limit;
}
