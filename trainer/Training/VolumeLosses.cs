// Loss primitives of the 3D repositories (SPEC 1.6): the foreground soft Dice and the supervised losses
// built on it. For more than one foreground class the foreground Dice is averaged over classes 1..C-1
// (with one foreground class it is exactly the reference code's binary form).
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training;

/// <summary>Dice-foreground and the 3D supervised losses.</summary>
public static class VolumeLosses
{
    /// <summary>
    /// 1 − (2 Σ p_c g_c + s)/(Σ p_c² + Σ g_c² + s) with sums over batch and space, averaged over the foreground
    /// classes c ≥ 1. <paramref name="probabilities"/> [B, C, spatial...], <paramref name="target"/> [B, spatial...].
    /// </summary>
    public static Tensor DiceForeground(Tensor probabilities, Tensor target, double smooth = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        long classes = probabilities.Size(1);
        if (classes < 2)
            throw new ArgumentException("Foreground Dice needs background and at least one foreground class.", nameof(probabilities));
        Tensor? total = null;
        for (long c = 1; c < classes; c++)
        {
            var p = probabilities.Select(1, c);
            var g = target.Eq(c).Float();
            var term = p.Mul(g).Sum().Mul(2).Add(smooth).Div(p.Square().Sum().Add(g.Square().Sum()).Add(smooth)).Neg().Add(1);
            total = total is null ? term : total.Add(term);
        }
        return total!.Div(classes - 1);
    }

    /// <summary>UA-MT / AUA 3D: ½ (CE + Dice_fg).</summary>
    public static Tensor HalfCeDice(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return Functional.CrossEntropy(logits, target).Add(DiceForeground(Functional.Softmax(logits, 1), target)).Mul(0.5);
    }

    /// <summary>MCF / dual networks: CE + Dice_fg (no ½).</summary>
    public static Tensor CeDice(Tensor logits, Tensor target)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return Functional.CrossEntropy(logits, target).Add(DiceForeground(Functional.Softmax(logits, 1), target));
    }
}
