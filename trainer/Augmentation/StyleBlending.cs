// SPC's style-aware blending (SPEC 4.2): each labeled image takes on a random mix of its own intensity
// moments and those of an unlabeled partner, and vice versa.
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Augmentation;

/// <summary>Style blending of a batch whose first half is labeled and second half unlabeled.</summary>
public static class StyleBlending
{
    /// <summary>
    /// Returns blended copies of <paramref name="batch"/> (B images in [0, 1], B even, first B/2 labeled):
    /// x' = clamp((x − μ)/σ · σ̃ + μ̃, 0, 1) with μ̃ = λμ + (1 − λ)μ_π, σ̃ likewise, λ ~ U(0, 1) per image, σ =
    /// sqrt(var + 1e-6); π pairs every labeled image with a random unlabeled one and vice versa.
    /// </summary>
    public static float[][] Blend(IReadOnlyList<float[]> batch, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(random);
        int b = batch.Count;
        if (b < 2 || b % 2 != 0)
            throw new ArgumentException($"Style blending needs an even batch (labeled half, unlabeled half), got {b}.", nameof(batch));
        var mean = new double[b];
        var std = new double[b];
        for (int n = 0; n < b; n++)
            (mean[n], std[n]) = Moments(batch[n]);
        var partner = Partners(b, random);
        var result = new float[b][];
        for (int n = 0; n < b; n++)
        {
            double lambda = random.NextDouble();
            double mu = lambda * mean[n] + (1 - lambda) * mean[partner[n]];
            double sigma = lambda * std[n] + (1 - lambda) * std[partner[n]];
            var src = batch[n];
            var dst = new float[src.Length];
            for (int v = 0; v < src.Length; v++)
                dst[v] = (float)Math.Clamp((src[v] - mean[n]) / std[n] * sigma + mu, 0, 1);
            result[n] = dst;
        }
        return result;
    }

    /// <summary>
    /// The partner permutation: reversed indices split in halves, each half shuffled, so the labeled half
    /// (0..B/2−1) takes unlabeled partners and the unlabeled half labeled ones.
    /// </summary>
    public static int[] Partners(int batchSize, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        int half = batchSize / 2;
        var first = Enumerable.Range(0, half).Select(i => batchSize - 1 - i).ToList();
        var second = Enumerable.Range(half, batchSize - half).Select(i => batchSize - 1 - i).ToList();
        random.Shuffle(first);
        random.Shuffle(second);
        return [.. first, .. second];
    }

    private static (double Mean, double Std) Moments(float[] image)
    {
        double mean = 0;
        foreach (float v in image)
            mean += v;
        mean /= Math.Max(1, image.Length);
        double variance = 0;
        foreach (float v in image)
            variance += (v - mean) * (v - mean);
        variance /= Math.Max(1, image.Length);
        return (mean, Math.Sqrt(variance + 1e-6));
    }
}
