// The loss terms of AUA / BCL / PCL (SPEC 6.2-6.4), each a function of tensors so that it can be checked
// against hand-computed values.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training;

/// <summary>MC-integrated NLL, generalized energy distance, boundary sampling, SupCon, class statistics and PCL.</summary>
public static class AuaLosses
{
    /// <summary>
    /// L_MC = −(1/B) Σ_b [logsumexp_s(Σ_v ln softmax(x_s)_{y_v}(v)) − ln S] / |Ω| for logit samples [S, B, C, spatial...]
    /// and labels [B, spatial...].
    /// </summary>
    public static Tensor MonteCarloNll(Tensor samples, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(target);
        long s = samples.Size(0), b = samples.Size(1);
        var logP = Functional.LogSoftmax(samples, 2);
        var perSample = target.Unsqueeze(1);
        var index = perSample.Unsqueeze(0).Expand([s, .. perSample.Shape]);
        var picked = logP.Gather(2, index).Squeeze(2).Reshape(s, b, -1);
        long voxels = picked.Size(2);
        var perVolume = picked.Sum(2).LogSumExp([0]).Sub(Math.Log(s));
        return perVolume.Mean().Neg().Div(voxels);
    }

    /// <summary>
    /// The generalized energy distance of one volume between student probability samples A and teacher samples T,
    /// both [S, C, spatial...]: (2/S²) Σ δ(A_i, T_j) − (1/S²) Σ δ(A_i, A_i') − (1/S²) Σ δ(T_j, T_j'), with
    /// δ(a, b) = 1 − mean_c (2 Σ a_c b_c + s)/(Σ a_c² + Σ b_c² + s) ("cls_mean_dice").
    /// </summary>
    public static Tensor GeneralizedEnergyDistance(Tensor student, Tensor teacher, double smooth = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(teacher);
        var a = student.Flatten(2).Transpose(0, 1);
        var t = teacher.Flatten(2).Transpose(0, 1);
        return MeanDistance(a, t, smooth).Mul(2).Sub(MeanDistance(a, a, smooth)).Sub(MeanDistance(t, t, smooth));
    }

    // Mean over all sample pairs of δ, for samples laid out [C, S, N].
    private static Tensor MeanDistance(Tensor x, Tensor y, double smooth)
    {
        var cross = x.Bmm(y.Transpose(1, 2));
        var sx = x.Square().Sum(2).Unsqueeze(2);
        var sy = y.Square().Sum(2).Unsqueeze(1);
        var dice = cross.Mul(2).Add(smooth).Div(sx.Add(sy).Add(smooth));
        return dice.Mean(0).Neg().Add(1).Mean();
    }

    /// <summary>
    /// BCL's near-boundary voxels of label maps [B, D, H, W] (foreground = class &gt; 0): a voxel is sampled where a
    /// dilation of y (or of 1 − y) with a 2×2×2 all-ones kernel changes it. The reference convolves with padding 1
    /// (replicate) and crops back to the input size, so each voxel sees itself and its neighbours one step
    /// towards lower indices; that one-sided neighbourhood is kept.
    /// </summary>
    public static Tensor BoundaryMask(Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var fg = target.Gt(0).Float();
        var bg = fg.Neg().Add(1);
        return Dilate(fg).Ne(fg).LogicalOr(Dilate(bg).Ne(bg));
    }

    private static Tensor Dilate(Tensor x)
    {
        for (int d = 1; d < x.Dim; d++)
        {
            long n = x.Size(d);
            if (n < 2)
                continue;
            var shifted = Tensor.Cat([x.Narrow(d, 0, 1), x.Narrow(d, 0, n - 1)], d);
            x = x.Maximum(shifted);
        }
        return x;
    }

    /// <summary>
    /// Single-view supervised contrastive loss over L2-normalised embeddings [N, D] with labels [N]:
    /// L_i = −(τ/τ_b) (1/|P(i)|) Σ_{p∈P(i)} ln[exp(e_i·e_p/τ) / Σ_{a≠i} exp(e_i·e_a/τ)], averaged over anchors
    /// that have a positive (an anchor without one would divide by zero in the reference).
    /// </summary>
    public static Tensor SupervisedContrastive(Tensor embeddings, Tensor labels, double temperature = 0.07, double baseTemperature = 0.07)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        long n = embeddings.Size(0);
        var logits = embeddings.Mm(embeddings.Transpose(0, 1)).Div(temperature);
        logits = logits.Sub(logits.Amax([1], keepDim: true).Detach());
        var notSelf = Tensor.Eye(n, device: embeddings.Device).Neg().Add(1);
        var positives = labels.Unsqueeze(1).Eq(labels.Unsqueeze(0)).Float().Mul(notSelf);
        var logProb = logits.Sub(logits.Exp().Mul(notSelf).Sum(1, keepDim: true).Log());
        var count = positives.Sum(1);
        var has = count.Gt(0).Float();
        var meanPositive = positives.Mul(logProb).Sum(1).Div(count.ClampMin(1));
        var perAnchor = meanPositive.Mul(-(temperature / baseTemperature));
        return perAnchor.Mul(has).Sum().Div(has.Sum().ClampMin(1));
    }

    /// <summary>
    /// One step of the running class statistics (SPEC 6.3) with features [N, F] and labels [N]: for each class with
    /// k voxels, ρ = k/(k + n), v ← (1−ρ) v + ρ v̂ + ρ(1−ρ)(m − m̂)², m ← (1−ρ) m + ρ m̂, n ← n + k (v̂ the population
    /// variance). Returns the new (mean [C, F], variance [C, F], count [C]).
    /// </summary>
    public static (Tensor Mean, Tensor Variance, Tensor Count) UpdateStatistics(Tensor mean, Tensor variance, Tensor count, Tensor features, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        long classes = mean.Size(0);
        var oneHot = labels.OneHot(classes).Float();
        var k = oneHot.Sum(0);
        var sum = oneHot.Transpose(0, 1).Mm(features);
        var batchMean = sum.Div(k.ClampMin(1).Unsqueeze(1));
        var batchSquare = oneHot.Transpose(0, 1).Mm(features.Square()).Div(k.ClampMin(1).Unsqueeze(1));
        var batchVariance = batchSquare.Sub(batchMean.Square()).ClampMin(0);
        var rho = k.Div(k.Add(count).ClampMin(1e-12)).Unsqueeze(1);
        var keep = rho.Neg().Add(1);
        var newVariance = keep.Mul(variance).Add(rho.Mul(batchVariance)).Add(rho.Mul(keep).Mul(mean.Sub(batchMean).Square()));
        var newMean = keep.Mul(mean).Add(rho.Mul(batchMean));
        return (newMean, newVariance, count.Add(k));
    }

    /// <summary>
    /// PCL (SDCA style, SPEC 6.4) on features [N, F] with labels [N]: f̂, m̂_c, v̂_c L2-normalised;
    /// logit_c = [f̂·m̂_c + ½ (f̂⊙f̂)·v̂_c/τ]/τ; L = CE(logits, label) + ½ mean(Σ_a f̂_a² v̂_{label,a})/τ². With
    /// <paramref name="ignoreBackground"/> (the reference run) only foreground voxels are anchors; 0 when none is.
    /// </summary>
    public static Tensor PrototypeLoss(Tensor features, Tensor labels, Tensor mean, Tensor variance, double temperature = 100, bool ignoreBackground = true)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(variance);
        if (ignoreBackground)
        {
            var keep = labels.Gt(0).NonZero().Select(1, 0);
            if (keep.Size(0) == 0)
                return features.Sum().Mul(0);
            features = features.IndexSelect(0, keep);
            labels = labels.IndexSelect(0, keep);
        }
        var f = Functional.Normalize(features, 2, 1);
        var m = Functional.Normalize(mean, 2, 1);
        var v = Functional.Normalize(variance, 2, 1);
        var square = f.Square();
        var logits = f.Mm(m.Transpose(0, 1)).Add(square.Mm(v.Transpose(0, 1)).Mul(0.5 / temperature)).Div(temperature);
        var ce = Functional.CrossEntropy(logits, labels);
        var regulariser = square.Mul(v.IndexSelect(0, labels)).Sum(1).Mean().Mul(0.5 / (temperature * temperature));
        return ce.Add(regulariser);
    }
}
