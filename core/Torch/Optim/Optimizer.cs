// Base of the optimizers: the parameters, the learning rate (set by a schedule each step) and the
// per-parameter state tensors, saved and restored by name ("3.exp_avg").
namespace PacsSeg.Torch.Optim;

public abstract class Optimizer : IDisposable
{
    private readonly Dictionary<string, Tensor> state = new(StringComparer.Ordinal);
    private bool disposed;

    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToArray();
        if (learningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(learningRate), "learning rate must not be negative");
        LearningRate = learningRate;
    }

    /// <summary>The tensors this optimizer updates (owned by their module, not by the optimizer).</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The learning rate of the next step.</summary>
    public double LearningRate { get; set; }

    /// <summary>Updates the parameters from their gradients; parameters without a gradient are skipped.</summary>
    public void Step()
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = DisposeScope.Enter();
        StepAll();
    }

    /// <summary>All parameters' updates (gradients off, inside a dispose scope). The default calls
    /// <see cref="Update"/> for each parameter with a gradient; an optimizer with a whole-list native update
    /// overrides it.</summary>
    protected virtual void StepAll()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            using var grad = Parameters[i].Grad;
            if (grad is null)
                continue;
            Update(i, Parameters[i], grad);
        }
    }

    /// <summary>One parameter's update (called with gradients off, inside a dispose scope).</summary>
    protected abstract void Update(int index, Tensor parameter, Tensor grad);

    /// <summary>Clears the gradients (to zeros, or to none as PyTorch's set_to_none).</summary>
    public void ZeroGrad(bool setToNone = false) => ZeroGradients(Parameters, setToNone);

    /// <summary>As torch.optim's zero_grad, for a whole list in one native call.</summary>
    internal static unsafe void ZeroGradients(IReadOnlyList<Tensor> parameters, bool setToNone)
    {
        using var handles = new Native.HandleList(parameters);
        fixed (IntPtr* p = handles.Pointers)
            Native.NativeMethods.Check(Native.NativeMethods.OptimZeroGrad(p, parameters.Count, setToNone ? 1 : 0),
                "optim.zero_grad");
    }

    protected Tensor? GetState(int index, string name) =>
        state.TryGetValue(Key(index, name), out var t) ? t : null;

    /// <summary>Stores a state tensor (taken out of dispose scopes; the optimizer frees it).</summary>
    protected Tensor SetState(int index, string name, Tensor value)
    {
        string key = Key(index, name);
        if (state.TryGetValue(key, out var old) && !ReferenceEquals(old, value))
            old.Dispose();
        state[key] = value.DetachFromDisposeScope();
        return value;
    }

    private static string Key(int index, string name) =>
        index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + name;

    /// <summary>The state tensors by name (the tensors themselves; do not dispose them).</summary>
    public IReadOnlyDictionary<string, Tensor> StateDict() => state;

    /// <summary>Restores state saved by <see cref="StateDict"/> (copies the tensors).</summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> saved)
    {
        ArgumentNullException.ThrowIfNull(saved);
        foreach (var (k, v) in saved)
        {
            int dot = k.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(k.AsSpan(0, dot), System.Globalization.CultureInfo.InvariantCulture, out int i)
                || i < 0 || i >= Parameters.Count)
                throw new TorchException("optimizer.load_state_dict", $"state key '{k}' names no parameter of this optimizer");
            using var ng = Autograd.NoGrad();
            SetState(i, k[(dot + 1)..], v.Clone());
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
            return;
        disposed = true;
        foreach (var t in state.Values)
            t.Dispose();
        state.Clear();
    }
}
