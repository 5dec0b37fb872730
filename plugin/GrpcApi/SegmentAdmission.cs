namespace PacsSeg.Plugin.GrpcApi;

/// <summary>Bounds the Segment calls in progress (receiving, waiting for the model, or predicting).</summary>
public sealed class SegmentAdmission(int capacity)
{
    private int active;

    public int Capacity { get; } = capacity;

    public int Active => Volatile.Read(ref active);

    /// <summary>A slot to dispose when the call ends; null when all slots are taken.</summary>
    public IDisposable? TryEnter()
    {
        if (Interlocked.Increment(ref active) > Capacity)
        {
            Interlocked.Decrement(ref active);
            return null;
        }
        return new Slot(this);
    }

    private sealed class Slot(SegmentAdmission owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
                Interlocked.Decrement(ref owner.active);
        }
    }
}
