// The inference queue is the set of Queued jobs in the job store (so it survives restarts and is shared by
// nodes); this type bounds it and wakes the workers. Assembly stops routing while it is full, so the
// back-pressure lands on series that are safely spooled, never on the network.
namespace PacsSeg.Plugin.Inference;

public sealed class InferenceQueue(int capacity)
{
    public int Capacity { get; } = capacity;

    public WorkSignal Signal { get; } = new();
}
