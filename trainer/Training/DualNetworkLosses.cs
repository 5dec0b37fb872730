// The loss terms of the dual-network method (SPEC 7.2), each a function of tensors so that it can be checked
// against hand-computed values. Probabilities are softmax outputs [B, C, spatial...]; labels [B, spatial...].
// "Foreground" is any class > 0 (the reference code is binary; with one foreground class the two agree).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training;

/// <summary>Mistake term, entropy filter, pseudo-labels, prototype contrast, KL-rectified pseudo-supervision, cosine consistency.</summary>
public static class DualNetworkLosses
{
    /// <summary>D = [A predicts foreground with confidence ≥ t] XOR [B does], as 0/1 floats [B, spatial...].</summary>
    public static Tensor Disagreement(Tensor probabilitiesA, Tensor probabilitiesB, double threshold = 0.6)
    {
        ArgumentNullException.ThrowIfNull(probabilitiesA);
        ArgumentNullException.ThrowIfNull(probabilitiesB);
        var a = probabilitiesA.Select(1, 0).Neg().Add(1).Ge(threshold);
        var b = probabilitiesB.Select(1, 0).Neg().Add(1).Ge(threshold);
        return a.Ne(b).Float();
    }

    /// <summary>M = Σ D (p_fg − y_fg)² / (Σ D + 1e-16), p_fg = 1 − p_background.</summary>
    public static Tensor Mistake(Tensor probabilities, Tensor disagreement, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(disagreement);
        ArgumentNullException.ThrowIfNull(target);
        var foreground = probabilities.Select(1, 0).Neg().Add(1);
        var error = foreground.Sub(target.Gt(0).Float()).Square();
        return error.Mul(disagreement).Sum().Div(disagreement.Sum().Add(1e-16));
    }

    /// <summary>Per-voxel entropy −Σ p ln(p + 1e-8) of probabilities [B, C, ...] → [B, ...].</summary>
    public static Tensor Entropy(Tensor probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        return probabilities.Mul(probabilities.Add(1e-8).Log()).Sum(1).Neg();
    }

    /// <summary>
    /// The entropy filter (SPEC 7.2, discrepancy 18): q_k = the <paramref name="percentile"/>-th percentile of
    /// network k's entropy over all given voxels; a voxel is uncertain when H_A ≥ q_A and H_B ≥ q_B, i.e. it is
    /// kept when it is among the lowest-entropy voxels of at least one network. Returns the certain mask (bool).
    /// </summary>
    public static Tensor CertainMask(Tensor probabilitiesA, Tensor probabilitiesB, double percentile = 20)
    {
        ArgumentNullException.ThrowIfNull(probabilitiesA);
        ArgumentNullException.ThrowIfNull(probabilitiesB);
        var ha = Entropy(probabilitiesA);
        var hb = Entropy(probabilitiesB);
        var qa = ha.Flatten().Percentile(percentile);
        var qb = hb.Flatten().Percentile(percentile);
        return ha.Ge(qa).LogicalAnd(hb.Ge(qb)).LogicalNot();
    }

    /// <summary>y* = A's class where A predicts foreground, else B's (for one foreground class: fg if either says fg).</summary>
    public static Tensor PseudoLabels(Tensor probabilitiesA, Tensor probabilitiesB)
    {
        ArgumentNullException.ThrowIfNull(probabilitiesA);
        ArgumentNullException.ThrowIfNull(probabilitiesB);
        var a = probabilitiesA.ArgMax(1);
        var b = probabilitiesB.ArgMax(1);
        return a.Where(a.Gt(0), b);
    }

    /// <summary>Cross entropy averaged over the certain voxels only (0 when none is certain).</summary>
    public static Tensor PseudoCrossEntropy(Tensor logits, Tensor pseudoLabels, Tensor certain)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(pseudoLabels);
        ArgumentNullException.ThrowIfNull(certain);
        var ce = Functional.CrossEntropy(logits, pseudoLabels, reduction: Reduction.None);
        var m = certain.Float();
        return ce.Mul(m).Sum().Div(m.Sum().ClampMin(1));
    }

    /// <summary>
    /// Prototype contrast on the loser's feature map [B, F, spatial...]: μ_fg, μ_bg = mean features of the certain
    /// voxels pseudo-labeled foreground / background; candidates = uncertain voxels the loser predicts foreground
    /// (background); n = ⌊#fg candidates / <paramref name="sampleDivisor"/>⌋ random candidates of each kind;
    /// candidates and prototypes L2-normalised; L = mean ‖ĉ_fg − μ̂_fg‖ + mean ‖ĉ_bg − μ̂_bg‖ ∓ ‖μ̂_fg − μ̂_bg‖,
    /// with − (prototypes pushed apart, the paper's intent) or + (the released code, discrepancy 17).
    /// Terms whose sets are empty count 0.
    /// </summary>
    public static Tensor PrototypeContrast(Tensor features, Tensor pseudoLabels, Tensor certain, Tensor loserLabels,
        bool pushApart = true, int sampleDivisor = 100)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(pseudoLabels);
        ArgumentNullException.ThrowIfNull(certain);
        ArgumentNullException.ThrowIfNull(loserLabels);
        if (sampleDivisor < 1)
            throw new ArgumentOutOfRangeException(nameof(sampleDivisor), sampleDivisor, "at least 1");
        long channels = features.Size(1);
        var f = features.Flatten(2).Transpose(1, 2).Reshape(-1, channels);
        var pseudoFg = pseudoLabels.Flatten().Gt(0);
        var sure = certain.Flatten();
        var loserFg = loserLabels.Flatten().Gt(0);
        var fgVoxels = sure.LogicalAnd(pseudoFg);
        var bgVoxels = sure.LogicalAnd(pseudoFg.LogicalNot());
        var unsure = sure.LogicalNot();
        var fgCandidates = Indices(unsure.LogicalAnd(loserFg));
        var bgCandidates = Indices(unsure.LogicalAnd(loserFg.LogicalNot()));
        var zero = features.Sum().Mul(0);
        Tensor? muFg = Prototype(f, fgVoxels), muBg = Prototype(f, bgVoxels);
        long n = fgCandidates.Size(0) / sampleDivisor;
        var total = zero;
        if (muFg is not null && n > 0)
            total = total.Add(MeanDistance(f, Sample(fgCandidates, n), muFg));
        if (muBg is not null && n > 0 && bgCandidates.Size(0) > 0)
            total = total.Add(MeanDistance(f, Sample(bgCandidates, n), muBg));
        if (muFg is not null && muBg is not null)
        {
            var between = muFg.Sub(muBg).Norm();
            total = pushApart ? total.Sub(between) : total.Add(between);
        }
        return total;
    }

    /// <summary>
    /// KL-rectified pseudo-supervision ("lurp"): target = argmax of the teacher's softmax(z_T / T); per voxel
    /// KL = Σ_c p_T (ln p_T − ln p_S) with p_T = softmax(z_T / T); L = mean(e^{−KL} CE(z_S, target)) + mean(KL).
    /// The teacher is detached.
    /// </summary>
    public static Tensor KlRectified(Tensor studentLogits, Tensor teacherLogits, double temperature = 0.5)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        var teacher = Functional.Softmax(teacherLogits.Detach().Div(temperature), 1);
        var target = teacher.ArgMax(1);
        var logStudent = Functional.LogSoftmax(studentLogits, 1);
        var kl = teacher.Mul(teacher.ClampMin(1e-12).Log().Sub(logStudent)).Sum(1);
        var ce = Functional.NllLoss(logStudent, target, reduction: Reduction.None);
        return kl.Neg().Exp().Mul(ce).Mean().Add(kl.Mean());
    }

    /// <summary>mean over voxels of 1 − cos(p_A, p_B), the cosine taken over classes.</summary>
    public static Tensor CosineConsistency(Tensor probabilitiesA, Tensor probabilitiesB)
    {
        ArgumentNullException.ThrowIfNull(probabilitiesA);
        ArgumentNullException.ThrowIfNull(probabilitiesB);
        return Functional.CosineSimilarity(probabilitiesA, probabilitiesB, 1).Neg().Add(1).Mean();
    }

    private static Tensor Indices(Tensor mask) => mask.NonZero().Select(1, 0);

    private static Tensor? Prototype(Tensor features, Tensor mask)
    {
        var index = Indices(mask);
        if (index.Size(0) == 0)
            return null;
        return Functional.Normalize(features.IndexSelect(0, index).Mean(0), 2, 0);
    }

    private static Tensor Sample(Tensor indices, long n) =>
        n >= indices.Size(0) ? indices : indices.IndexSelect(0, Tensor.RandPerm(indices.Size(0)).Narrow(0, 0, n));

    private static Tensor MeanDistance(Tensor features, Tensor indices, Tensor prototype)
    {
        var candidates = Functional.Normalize(features.IndexSelect(0, indices), 2, 1);
        return candidates.Sub(prototype.Unsqueeze(0)).Norm(2, [1]).Mean();
    }
}
