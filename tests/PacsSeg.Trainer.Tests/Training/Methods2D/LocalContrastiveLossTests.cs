using PacsSeg.Torch;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Trainer.Tests.Training.Methods2D;

public class LocalContrastiveLossTests
{
    [Test]
    public void Dice_UniformPrediction_IsOneHalf()
    {
        // Per class 2·0.5 / (1 + 1) = 0.5 -> loss 1 − 0.5.
        using var scope = DisposeScope.Enter();
        var p = Tensor.FromArray(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, 1, 2, 1, 2);
        var g = Tensor.FromArray(new long[] { 0, 1 }, 1, 1, 2);

        Assert.That(LocalContrastiveLoss.Dice(p, g, 2).Item(), Is.EqualTo(0.5).Within(1e-6));
    }

    [Test]
    public void PairTerms_OneAnchor_MatchesHandComputedValue()
    {
        // x: pixel 0 class 1 at (1, 0), pixel 1 class 2 at (0, 1); x': the same classes swapped in place.
        // Class means: μ1 = (1, 0), μ2 = (0, 1) in both images. Anchor: pixel 0 of x, class 1.
        // s = cos/0.1: 10 to both μ1, 0 to both μ2; D = 2e^10 + 2; terms 2·(ln D − 10).
        using var scope = DisposeScope.Enter();
        var a = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 1, 2);
        var b = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 2, 1, 2);

        double loss = LocalContrastiveLoss.PairTerms(a, b, [1, 2], [2, 1], [0], [], classes: 3, temperature: 0.1).Item();

        Assert.That(loss, Is.EqualTo(2 * Math.Log(2 + 2 * Math.Exp(-10))).Within(1e-5));
    }

    [Test]
    public void PairTerms_NoSharedForegroundClass_IsZero()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 1, 2);

        double loss = LocalContrastiveLoss.PairTerms(a, a, [1, 0], [2, 0], [0], [0], classes: 3).Item();

        Assert.That(loss, Is.EqualTo(0));
    }

    [Test]
    public void Pairs_FourLabeledFourUnlabeled_HasSameImageCrossAndUnlabeledPairs()
    {
        var pairs = LocalContrastiveSelfTraining.Pairs(4, 4);

        Assert.That(pairs, Has.Count.EqualTo(8 + 4 + 3));
        Assert.That(pairs, Does.Contain((0, 4)));
        Assert.That(pairs, Does.Contain((5, 6)));
    }
}
