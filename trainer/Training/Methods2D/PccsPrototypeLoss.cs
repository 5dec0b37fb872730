// PCCS's prototype side (SPEC 3.5, 3.6): distance-layer prototypes from signed distance maps of the
// pseudo-labels, and the uncertainty-weighted prototype contrastive loss.
using PacsSeg.Torch;
using PacsSeg.Torch.NN;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Distance-layer prototype regions and the prototype contrastive loss of PCCS.</summary>
public static class PccsPrototypeLoss
{
    /// <summary>
    /// SPEC 3.5 regions of one image's pseudo-label map (h·w, x fastest), class-major: background regions are
    /// the uncertain background pixels split into a boundary and a deep half; every foreground class gives one
    /// region per negative SDM level (or per level of the cumulative maps when squeezed between classes).
    /// </summary>
    public static List<PrototypeRegion> Regions(int image, long[] labels, bool[] uncertain, int sizeX, int sizeY, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(uncertain);
        var regions = new List<PrototypeRegion>();
        for (int c = 0; c < classes; c++)
        {
            var eq = SignedDistanceMap.Compute(labels.Select(v => v == c).ToArray(), sizeX, sizeY);
            double min = eq.Min();
            if (min >= 0)
                continue;
            if (c == 0)
            {
                double half = Math.Floor(min / 2);
                var v = new double[eq.Length];
                for (int n = 0; n < v.Length; n++)
                    v[n] = uncertain[n] && labels[n] == 0 ? eq[n] : 0;
                Add(regions, image, c, Enumerable.Range(0, v.Length).Where(n => half <= v[n] && v[n] < 0));
                Add(regions, image, c, Enumerable.Range(0, v.Length).Where(n => v[n] < half && v[n] < 0));
                continue;
            }
            var levels = eq.Where(d => d < 0).Distinct().Order().ToList();
            var cumIn = SignedDistanceMap.Compute(labels.Select(v => v <= c).ToArray(), sizeX, sizeY);
            var cumOut = SignedDistanceMap.Compute(labels.Select(v => v >= c).ToArray(), sizeX, sizeY);
            if (cumIn.Max() < 0 || cumOut.Max() < 0)
            {
                foreach (double d in levels)
                    Add(regions, image, c, Enumerable.Range(0, eq.Length).Where(n => eq[n] == d));
            }
            else
            {
                foreach (double d in levels)
                    Add(regions, image, c, Enumerable.Range(0, eq.Length).Where(n => cumIn[n] == d));
                foreach (double d in levels)
                    Add(regions, image, c, Enumerable.Range(0, eq.Length).Where(n => cumOut[n] == d));
            }
        }
        return regions;
    }

    private static void Add(List<PrototypeRegion> regions, int image, int c, IEnumerable<int> pixels)
    {
        var p = pixels.ToArray();
        if (p.Length > 0)
            regions.Add(new PrototypeRegion(image, c, p));
    }

    /// <summary>
    /// L_ctr = Σ_i w_i Σ_j a_ij ℓ_ij over unit prototypes [N, d] with classes κ and mean predictions p̄ [N, C]:
    /// ℓ_ij = ln(E_ij + N_i + 1e-8) − l_ij, l = ⟨v_i, v_j⟩/τ, E = exp(l) off the diagonal, N_i the negatives' mass,
    /// a_ij the softmax of E over i's positives, w = softmax over prototypes of the prediction entropy (more
    /// weight to uncertain prototypes, as the released code; <paramref name="certainFirst"/> flips the sign).
    /// Prototypes without positives or negatives contribute nothing.
    /// </summary>
    public static Tensor Contrastive(Tensor prototypes, IReadOnlyList<int> classOf, float[,] meanPredictions, double temperature = 0.05, bool certainFirst = false)
    {
        ArgumentNullException.ThrowIfNull(prototypes);
        ArgumentNullException.ThrowIfNull(classOf);
        ArgumentNullException.ThrowIfNull(meanPredictions);
        int n = classOf.Count;
        var entropy = new double[n];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < meanPredictions.GetLength(1); c++)
            {
                double p = meanPredictions[i, c];
                if (p > 0)
                    entropy[i] -= p * Math.Log(p);
            }
        }
        double sign = certainFirst ? -1 : 1;
        double maxE = entropy.Select(e => sign * e).DefaultIfEmpty(0).Max();
        var weights = entropy.Select(e => Math.Exp(sign * e - maxE)).ToArray();
        double total = weights.Sum();
        var positive = new float[n * n];
        var negative = new float[n * n];
        var w = new float[n * n];
        for (int i = 0; i < n; i++)
        {
            bool hasPositive = Enumerable.Range(0, n).Any(j => j != i && classOf[j] == classOf[i]);
            bool hasNegative = Enumerable.Range(0, n).Any(j => classOf[j] != classOf[i]);
            for (int j = 0; j < n; j++)
            {
                if (j == i)
                    continue;
                if (classOf[j] == classOf[i])
                    positive[i * n + j] = hasPositive && hasNegative ? 1 : 0;
                else
                    negative[i * n + j] = 1;
                w[i * n + j] = (float)(weights[i] / total);
            }
        }
        var l = prototypes.MatMul(prototypes.Transpose(0, 1)).Div(temperature);
        var pos = Tensor.FromArray(positive, n, n);
        var neg = Tensor.FromArray(negative, n, n);
        var e = l.Exp();
        var negativeMass = e.Mul(neg).Sum([1], keepDim: true);
        var ell = e.Add(negativeMass).Add(1e-8).Log().Sub(l);
        var ePos = e.Mul(pos);
        var a = ePos.Div(ePos.Sum([1], keepDim: true).Add(1e-30));
        return a.Mul(ell).Mul(Tensor.FromArray(w, n, n)).Sum();
    }
}
