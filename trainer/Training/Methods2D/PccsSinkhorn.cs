// PCCS's "prototype updating prototype" assignment (SPEC 3.7): Sinkhorn–Knopp balancing of the pixels of
// one class over its K sub-prototypes.
namespace PacsSeg.Trainer.Training.Methods2D;

/// <summary>Sinkhorn–Knopp on a [pixels, K] score matrix.</summary>
public static class PccsSinkhorn
{
    /// <summary>
    /// Q = exp(S/ε) normalised to total 1, then <paramref name="iterations"/> rounds of making every
    /// sub-prototype's mass 1/K and every pixel's mass 1/n; returned multiplied by n (rows sum to 1).
    /// </summary>
    public static double[,] Balance(double[,] scores, double epsilon = 0.05, int iterations = 4)
    {
        ArgumentNullException.ThrowIfNull(scores);
        int n = scores.GetLength(0), k = scores.GetLength(1);
        var q = new double[n, k];
        if (n == 0)
            return q;
        double max = double.NegativeInfinity;
        foreach (double s in scores)
            max = Math.Max(max, s);
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < k; j++)
            {
                q[i, j] = Math.Exp((scores[i, j] - max) / epsilon); // the shift cancels in the normalisation
                total += q[i, j];
            }
        }
        Scale(q, 1 / total);
        for (int it = 0; it < iterations; it++)
        {
            for (int j = 0; j < k; j++)
            {
                double column = 0;
                for (int i = 0; i < n; i++)
                    column += q[i, j];
                for (int i = 0; i < n; i++)
                    q[i, j] = column > 0 ? q[i, j] / column / k : 0;
            }
            for (int i = 0; i < n; i++)
            {
                double row = 0;
                for (int j = 0; j < k; j++)
                    row += q[i, j];
                for (int j = 0; j < k; j++)
                    q[i, j] = row > 0 ? q[i, j] / row / n : 0;
            }
        }
        Scale(q, n);
        return q;
    }

    private static void Scale(double[,] q, double factor)
    {
        for (int i = 0; i < q.GetLength(0); i++)
        {
            for (int j = 0; j < q.GetLength(1); j++)
                q[i, j] *= factor;
        }
    }
}
