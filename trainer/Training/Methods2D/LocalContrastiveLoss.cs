// Chaitanya et al.'s local (pixel-to-class-mean) contrastive loss, inter-image variant (SPEC 5.4), and
// their Dice loss (SPEC 1.6, per image and class, non-squared denominators).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>The losses of the local contrastive method.</summary>
public static class LocalContrastiveLoss
{
    /// <summary>1 − mean over (image, class) of 2 Σ p g / (Σ p + Σ g + 1e-10), background included.</summary>
    public static Tensor Dice(Tensor probabilities, Tensor target, int classes)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        var oneHot = target.OneHot(classes).Permute(0, 3, 1, 2).Float();
        long[] dims = [2, 3];
        var intersection = probabilities.Mul(oneHot).Sum(dims);
        var denominator = probabilities.Sum(dims).Add(oneHot.Sum(dims)).Add(1e-10);
        return intersection.Mul(2).Div(denominator).Mean().Neg().Add(1);
    }

    /// <summary>
    /// The loss terms of one pair (x, x'): for every foreground class present in both images, class means
    /// μ_c(x), μ_c(x') of the embeddings [d, H, W]; each anchor pixel e of class c (indices into H·W of x and
    /// of x') contributes −ln(exp s(e, μ_c(x))/D) − ln(exp s(e, μ_c(x'))/D), D = Σ_{c'} exp s(e, μ_c'(x)) +
    /// exp s(e, μ_c'(x')), s = cosine / τ. Returns the sum of the terms (a scalar tensor; 0 when no class is shared).
    /// </summary>
    public static Tensor PairTerms(Tensor embeddingA, Tensor embeddingB, long[] labelsA, long[] labelsB,
        IReadOnlyList<int> anchorsA, IReadOnlyList<int> anchorsB, int classes, double temperature = 0.1)
    {
        ArgumentNullException.ThrowIfNull(embeddingA);
        ArgumentNullException.ThrowIfNull(embeddingB);
        ArgumentNullException.ThrowIfNull(labelsA);
        ArgumentNullException.ThrowIfNull(labelsB);
        ArgumentNullException.ThrowIfNull(anchorsA);
        ArgumentNullException.ThrowIfNull(anchorsB);
        long d = embeddingA.Size(0);
        var flatA = embeddingA.Reshape(d, -1);
        var flatB = embeddingB.Reshape(d, -1);
        var shared = Enumerable.Range(1, classes - 1).Where(c => labelsA.Contains(c) && labelsB.Contains(c)).ToList();
        var anchors = anchorsA.Select(i => (Image: 0, Index: i)).Concat(anchorsB.Select(i => (Image: 1, Index: i)))
            .Where(a => shared.Contains((int)(a.Image == 0 ? labelsA : labelsB)[a.Index])).ToList();
        if (shared.Count == 0 || anchors.Count == 0)
            return flatA.Sum().Mul(0);
        var means = new List<Tensor>();
        foreach (var (flat, labels) in new[] { (flatA, labelsA), (flatB, labelsB) })
        {
            foreach (int c in shared)
            {
                var m = labels.Select(v => v == c ? 1f : 0f).ToArray();
                var weights = Tensor.FromArray(m, m.Length, 1);
                means.Add(flat.MatMul(weights).Squeeze(1).Div(m.Sum()));
            }
        }
        var centers = Functional.Normalize(Tensor.Stack([.. means], 0), 2, 1); // [2K, d]: x's classes, then x''s
        var vectors = anchors.Select(a => (a.Image == 0 ? flatA : flatB).Select(1, a.Index)).ToList();
        var e = Functional.Normalize(Tensor.Stack([.. vectors], 0), 2, 1); // [n, d]
        var s = e.MatMul(centers.Transpose(0, 1)).Div(temperature); // [n, 2K]
        var logD = s.LogSumExp([1]); // [n]
        int k = shared.Count;
        var positive = new float[anchors.Count * 2 * k];
        for (int n = 0; n < anchors.Count; n++)
        {
            long label = (anchors[n].Image == 0 ? labelsA : labelsB)[anchors[n].Index];
            int j = shared.IndexOf((int)label);
            positive[n * 2 * k + j] = 1;
            positive[n * 2 * k + k + j] = 1;
        }
        var pos = Tensor.FromArray(positive, anchors.Count, 2 * k);
        // Each anchor has two positive terms, each log D − s_pos.
        return logD.Mul(2).Sum().Sub(s.Mul(pos).Sum());
    }
}
