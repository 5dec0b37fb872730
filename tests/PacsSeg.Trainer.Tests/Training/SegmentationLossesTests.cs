using PacsSeg.Torch;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class SegmentationLossesTests
{
    [Test]
    public void Dice_TwoClassesTwoPixels_HasHandValue()
    {
        // p0 = [0.8, 0.4], p1 = [0.2, 0.6], target [0, 1]:
        // class 0: 1 - 1.6/1.8, class 1: 1 - 1.2/1.4, mean = (1/9 + 1/7) / 2.
        using var probabilities = Tensor.FromArray(new float[] { 0.8f, 0.4f, 0.2f, 0.6f }, 1, 2, 1, 2);
        using var target = Tensor.FromArray(new long[] { 0, 1 }, 1, 1, 2);

        using var dice = SegmentationLosses.Dice(probabilities, target, 2);

        Assert.That(dice.Item(), Is.EqualTo((1.0 / 9 + 1.0 / 7) / 2).Within(1e-5));
    }

    [Test]
    public void Dice_PerfectOneHot_IsZero()
    {
        using var probabilities = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 1, 2, 1, 2);
        using var target = Tensor.FromArray(new long[] { 0, 1 }, 1, 1, 2);

        Assert.That(SegmentationLosses.Dice(probabilities, target, 2).Item(), Is.EqualTo(0).Within(1e-6));
    }

    [Test]
    public void CrossEntropyAndSupervised_HaveHandValues()
    {
        // One pixel, logits [0, ln 3]: p = [1/4, 3/4], target 1 -> CE = -ln 0.75.
        using var logits = Tensor.FromArray(new float[] { 0, (float)Math.Log(3) }, 1, 2, 1, 1);
        using var target = Tensor.FromArray(new long[] { 1 }, 1, 1, 1);

        double ce = SegmentationLosses.CrossEntropy(logits, target).Item();
        double sup = SegmentationLosses.Supervised(logits, target, 2).Item();

        Assert.That(ce, Is.EqualTo(-Math.Log(0.75)).Within(1e-6));
        // Dice: class 0: 1 - s/(1/16 + s) ~ 1; class 1: 1 - 1.5/(9/16 + 1) = 0.04.
        double dice = (1 + (1 - 1.5 / (9.0 / 16 + 1))) / 2;
        Assert.That(sup, Is.EqualTo(0.5 * (ce + dice)).Within(1e-4));
    }

    [Test]
    public void SoftmaxMse_HasHandValue()
    {
        using var student = Tensor.FromArray(new float[] { 0, 0 }, 1, 2, 1, 1);
        using var teacher = Tensor.FromArray(new float[] { 0, (float)Math.Log(3) }, 1, 2, 1, 1);

        Assert.That(SegmentationLosses.SoftmaxMse(student, teacher).Item(), Is.EqualTo(0.0625).Within(1e-6));
    }
}
