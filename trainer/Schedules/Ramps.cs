// The ramp-up helpers shared by every reference repository (SPEC 1.2).
namespace PacsSeg.Trainer.Schedules;

/// <summary>Ramp-ups, ramp-downs and the consistency weight λ(t).</summary>
public static class Ramps
{
    /// <summary>Iterations per ramp "epoch" in every repository.</summary>
    public const int IterationsPerEpoch = 150;

    /// <summary>exp(−5 (1 − clip(e, 0, L)/L)²); 1 when L = 0.</summary>
    public static double Sigmoid(double current, double length)
    {
        if (length == 0)
            return 1.0;
        double phase = 1.0 - Math.Clamp(current, 0, length) / length;
        return Math.Exp(-5.0 * phase * phase);
    }

    /// <summary>min(e/L, 1) (1 when L = 0).</summary>
    public static double Linear(double current, double length) => length == 0 ? 1.0 : Math.Min(current / length, 1.0);

    /// <summary>½ (cos(π e/L) + 1), for 0 ≤ e ≤ L.</summary>
    public static double CosineRampdown(double current, double length)
    {
        if (!(current >= 0 && current <= length))
            throw new ArgumentOutOfRangeException(nameof(current), current, $"must be in [0, {length}]");
        return 0.5 * (Math.Cos(Math.PI * current / length) + 1);
    }

    /// <summary>λ(t) = λ_max · sigmoid_rampup(⌊t/150⌋, L).</summary>
    public static double ConsistencyWeight(int iteration, double maximum, double length) =>
        maximum * Sigmoid(iteration / IterationsPerEpoch, length);

    /// <summary>UA-MT's uncertainty threshold τ(t) = (0.75 + 0.25 · sigmoid_rampup(t, T_max)) · ln 2.</summary>
    public static double UncertaintyThreshold(int iteration, int maxIterations) =>
        (0.75 + 0.25 * Sigmoid(iteration, maxIterations)) * Math.Log(2);
}
