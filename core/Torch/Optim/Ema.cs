// Exponential moving averages of whole parameter lists in one native call (the EMA teacher's update).
using PacsSeg.Torch.Native;

namespace PacsSeg.Torch.Optim;

public static class Ema
{
    /// <summary>targets[i] = alpha * targets[i] + (1 - alpha) * sources[i] for every pair, in place and without
    /// autograd, as the Python idiom <c>t.mul_(alpha).add_(s, alpha=1 - alpha)</c> (bit for bit); integer
    /// tensors such as batch-norm step counters are copied from the source.</summary>
    public static unsafe void Update(IReadOnlyList<Tensor> targets, IReadOnlyList<Tensor> sources, double alpha)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sources);
        if (targets.Count != sources.Count)
            throw new ArgumentException($"{targets.Count} targets but {sources.Count} sources", nameof(sources));
        using var t = new HandleList(targets);
        using var s = new HandleList(sources);
        fixed (IntPtr* tp = t.Pointers)
        fixed (IntPtr* sp = s.Pointers)
            NativeMethods.Check(NativeMethods.OptimEmaUpdate(tp, sp, targets.Count, alpha), "optim.ema_update");
    }
}
