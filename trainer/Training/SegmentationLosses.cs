// Loss primitives of SPEC 1.6 on libtorch tensors: logits [B, C, spatial...], integer targets [B, spatial...].
using PacsSeg.Torch;
using PacsSeg.Torch.NN;

namespace PacsSeg.Trainer.Training;

/// <summary>Cross entropy, SSL4MIS soft Dice, the supervised loss and the softmax-MSE consistency.</summary>
public static class SegmentationLosses
{
    /// <summary>Mean pixel-wise cross entropy.</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target) => Functional.CrossEntropy(logits, target);

    /// <summary>
    /// Dice-SSL4MIS: mean over classes (background included) of 1 − (2 Σ p g + s)/(Σ p² + Σ g² + s), sums over
    /// batch and space jointly.
    /// </summary>
    public static Tensor Dice(Tensor probabilities, Tensor target, int classes, double smooth = 1e-5)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(target);
        int spatial = target.Dim - 1;
        var order = new long[2 + spatial];
        order[0] = 0;
        order[1] = 1 + spatial;
        for (int d = 0; d < spatial; d++)
            order[2 + d] = 1 + d;
        var oneHot = target.OneHot(classes).Permute(order).Float();
        Tensor? total = null;
        for (int c = 0; c < classes; c++)
        {
            var p = probabilities.Select(1, c);
            var g = oneHot.Select(1, c);
            var intersection = p.Mul(g).Sum();
            var denominator = p.Mul(p).Sum().Add(g.Mul(g).Sum()).Add(smooth);
            var term = intersection.Mul(2).Add(smooth).Div(denominator).Neg().Add(1);
            total = total is null ? term : total.Add(term);
        }
        return total!.Div(classes);
    }

    /// <summary>L_sup = ½ (CE + Dice) of the 2D repositories.</summary>
    public static Tensor Supervised(Tensor logits, Tensor target, int classes)
    {
        var ce = CrossEntropy(logits, target);
        var dice = Dice(Functional.Softmax(logits, 1), target, classes);
        return ce.Add(dice).Mul(0.5);
    }

    /// <summary>Mean over voxels and classes of (softmax(z_s) − softmax(z_t))².</summary>
    public static Tensor SoftmaxMse(Tensor studentLogits, Tensor teacherLogits) =>
        Functional.Softmax(studentLogits, 1).Sub(Functional.Softmax(teacherLogits, 1)).Square().Mean();
}
