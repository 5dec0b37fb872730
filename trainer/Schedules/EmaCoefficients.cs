// The two EMA teacher variants of SPEC 1.3, as coefficients and as an update on plain buffers (the
// tensor update applies the same formula to every parameter or state-dict entry).
namespace PacsSeg.Trainer.Schedules;

/// <summary>Which entries the EMA teacher averages and whether α warms up.</summary>
public enum EmaVariant
{
    /// <summary>Parameters only, α_t = min(1 − 1/(t+1), α) (SSL4MIS MT/UA-MT, AUA, SPC-MT).</summary>
    ParametersWithWarmUp,

    /// <summary>Every state-dict entry incl. BN statistics, constant α (BCP, SPC-BCP).</summary>
    StateDictConstant,

    /// <summary>No averaging (α = 1): a snapshot the method refreshes itself (Chaitanya's pseudo-labeling rounds).</summary>
    Snapshot,
}

/// <summary>EMA coefficients and the update θ' ← α θ' + (1 − α) θ.</summary>
public static class EmaCoefficients
{
    /// <summary>The α used at global step <paramref name="step"/> (0-based).</summary>
    public static double Alpha(EmaVariant variant, double alpha, int step)
    {
        if (!(alpha >= 0 && alpha <= 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in [0, 1]");
        return variant switch
        {
            EmaVariant.ParametersWithWarmUp => Math.Min(1.0 - 1.0 / (step + 1), alpha),
            EmaVariant.StateDictConstant => alpha,
            EmaVariant.Snapshot => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "unknown EMA variant"),
        };
    }

    /// <summary>teacher ← α·teacher + (1 − α)·student, element-wise.</summary>
    public static void Update(Span<float> teacher, ReadOnlySpan<float> student, double alpha)
    {
        if (teacher.Length != student.Length)
            throw new ArgumentException($"Teacher has {teacher.Length} values, student {student.Length}.");
        float a = (float)alpha, b = (float)(1 - alpha);
        for (int n = 0; n < teacher.Length; n++)
            teacher[n] = a * teacher[n] + b * student[n];
    }
}
