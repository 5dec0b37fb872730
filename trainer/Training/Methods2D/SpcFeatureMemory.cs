// SPC's per-class feature memory (SPEC 4.3): a ring of Q slots per class holding a probability-weighted
// batch centroid and its weight; the class prototype is the weighted mean of the slots, L2-normalised.
using PacsSeg.Torch;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Ring buffers of class centroids [C, Q, d] with weights [C, Q].</summary>
public sealed class SpcFeatureMemory : IDisposable
{
    private readonly Tensor _slots;
    private readonly Tensor _weights;
    private int _pointer;

    public SpcFeatureMemory(int classes, int dimension, int size = 128)
    {
        if (classes < 1 || dimension < 1 || size < 1)
            throw new ArgumentOutOfRangeException(nameof(size), "classes, dimension and size must be positive");
        _slots = Tensor.Zeros([classes, size, dimension]);
        _slots.DetachFromDisposeScope();
        _weights = Tensor.Zeros([classes, size]);
        _weights.DetachFromDisposeScope();
    }

    /// <summary>Writes the batch's centroids of <paramref name="probabilities"/> [B, C, H, W] over
    /// <paramref name="embeddings"/> [B, d, H, W] at the pointer and advances it.</summary>
    public void Enqueue(Tensor probabilities, Tensor embeddings)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(embeddings);
        using var noGrad = Autograd.NoGrad();
        using var scope = DisposeScope.Enter();
        var p = probabilities.Detach();
        var z = embeddings.Detach();
        long b = p.Size(0), c = p.Size(1), d = z.Size(1);
        long pixels = p.NumberOfElements / (b * c);
        var pf = p.Reshape(b, c, pixels);
        var zf = z.Reshape(b, d, pixels).Transpose(1, 2);
        var centroid = pf.Bmm(zf).Div(pf.Sum([2]).Unsqueeze(2).Add(1e-8)); // [B, C, d]
        var present = p.ArgMax(1).Reshape(b, pixels).OneHot(c).Amax([1]).Float(); // [B, C]
        var count = present.Sum([0]); // [C]
        var batchCentroid = centroid.Mul(present.Unsqueeze(2)).Sum([0]).Div(count.Unsqueeze(1).Add(1e-8));
        var weight = pf.Mean([2]).Mul(present).Sum([0]).Div(count.Add(1e-8));
        _slots.Select(1, _pointer).CopyInPlace(batchCentroid);
        _weights.Select(1, _pointer).CopyInPlace(weight);
        _pointer = (_pointer + 1) % (int)_slots.Size(1);
    }

    /// <summary>μ_c = Σ ω m / (Σ ω + 1e-8), L2-normalised: [C, d].</summary>
    public Tensor Prototypes()
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = DisposeScope.Enter();
        var mean = _slots.Mul(_weights.Unsqueeze(2)).Sum([1]).Div(_weights.Sum([1]).Unsqueeze(1).Add(1e-8));
        return PacsSeg.Torch.NN.Functional.Normalize(mean, 2, 1).MoveToOuterScope();
    }

    public void Dispose()
    {
        _slots.Dispose();
        _weights.Dispose();
    }
}
