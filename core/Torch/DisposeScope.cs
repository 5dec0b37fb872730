namespace PacsSeg.Torch;

/// <summary>
/// Collects every tensor created on this thread while the scope is open and frees them when it closes,
/// so a training step's temporaries do not wait for the garbage collector. Keep a result past the
/// scope with <see cref="Tensor.MoveToOuterScope"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// Scopes nest; the innermost open scope on the thread collects.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    // Thread-static by necessity: the scope must be found from every tensor creation without
    // threading a context object through every operator call (TorchSharp does the same).
    [ThreadStatic]
    private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private readonly DisposeScope? outer;
    private bool disposed;

    private DisposeScope()
    {
        outer = current;
        current = this;
    }

    /// <summary>Opens a new innermost scope on this thread.</summary>
    public static DisposeScope Enter() => new();

    internal static DisposeScope? Current => current;

    internal DisposeScope? Outer => outer;

    /// <summary>Number of tensors this scope will free.</summary>
    public int Count => tensors.Count;

    internal void Add(Tensor t) => tensors.Add(t);

    internal bool Remove(Tensor t) => tensors.Remove(t);

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        if (current == this)
            current = outer;
        foreach (var t in tensors)
        {
            t.Scope = null;
            t.Dispose();
        }
        tensors.Clear();
    }
}
