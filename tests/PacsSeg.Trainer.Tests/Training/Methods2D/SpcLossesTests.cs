using PacsSeg.Torch;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Trainer.Tests.Training.Methods2D;

public class SpcLossesTests
{
    [Test]
    public void CrossContrast_OnePixelEachView_MatchesHandComputedCrossEntropies()
    {
        // Weak z = (1, 0), strong z = (0, 2) -> unit (0, 1). Strong prototypes classify the weak pixel:
        // logits (1, 0), label 0 -> ln(1 + e^-1). Weak prototypes (0,1), (1,0) classify the strong pixel:
        // logits (1, 0), label 1 -> ln(1 + e).
        using var scope = DisposeScope.Enter();
        var zWeak = Tensor.FromArray(new float[] { 1, 0 }, 1, 2, 1, 1);
        var zStrong = Tensor.FromArray(new float[] { 0, 2 }, 1, 2, 1, 1);
        var strongPrototypes = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 2);
        var weakPrototypes = Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 2, 2);
        var weakLabels = Tensor.FromArray(new long[] { 0 }, 1, 1, 1);
        var strongLabels = Tensor.FromArray(new long[] { 1 }, 1, 1, 1);

        double loss = SpcLosses.CrossContrast(zWeak, zStrong, weakPrototypes, strongPrototypes, weakLabels, strongLabels).Item();

        double expected = 0.5 * (Math.Log(1 + Math.Exp(-1)) + Math.Log(1 + Math.E));
        Assert.That(loss, Is.EqualTo(expected).Within(1e-5));
    }

    [Test]
    public void FeatureMemory_Prototypes_ArePresenceAndProbabilityWeightedCentroids()
    {
        // Two pixels: z = (1, 0) and (0, 1); P(class 0) = (0.8, 0.3), P(class 1) = (0.2, 0.7).
        // Class 0 centroid ∝ (0.8, 0.3), class 1 ∝ (0.2, 0.7); both classes are some pixel's argmax.
        using var scope = DisposeScope.Enter();
        using var memory = new SpcFeatureMemory(classes: 2, dimension: 2, size: 4);
        var p = Tensor.FromArray(new float[] { 0.8f, 0.3f, 0.2f, 0.7f }, 1, 2, 1, 2);
        var z = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 1, 2, 1, 2);

        memory.Enqueue(p, z);
        var first = memory.Prototypes().ToArray<float>();
        // Second batch: class 1 is nobody's argmax -> its slot gets weight 0 and its prototype stays.
        memory.Enqueue(Tensor.FromArray(new float[] { 0.9f, 0.6f, 0.1f, 0.4f }, 1, 2, 1, 2), Tensor.FromArray(new float[] { 0, 1, 1, 0 }, 1, 2, 1, 2));
        var second = memory.Prototypes().ToArray<float>();

        double n0 = Math.Sqrt(0.8 * 0.8 + 0.3 * 0.3), n1 = Math.Sqrt(0.2 * 0.2 + 0.7 * 0.7);
        Assert.That(first, Is.EqualTo(new[] { 0.8 / n0, 0.3 / n0, 0.2 / n1, 0.7 / n1 }).Within(1e-5));
        Assert.That(second[2], Is.EqualTo(0.2 / n1).Within(1e-5));
        Assert.That(second[3], Is.EqualTo(0.7 / n1).Within(1e-5));
        // Class 0 now averages slot 1 (weight 0.55, centroid (0.8,0.3)/1.1) and slot 2 (weight 0.75,
        // centroid (0.6, 0.9)/1.5).
        double x = 0.55 * 0.8 / 1.1 + 0.75 * 0.6 / 1.5, y = 0.55 * 0.3 / 1.1 + 0.75 * 0.9 / 1.5;
        double n = Math.Sqrt(x * x + y * y);
        Assert.That(second[0], Is.EqualTo(x / n).Within(1e-5));
        Assert.That(second[1], Is.EqualTo(y / n).Within(1e-5));
    }

    [Test]
    public void WeakToStrong_StrongAgreesWithWeakArgmax_IsNearZero()
    {
        using var scope = DisposeScope.Enter();
        var weak = Tensor.FromArray(new float[] { 5, -5, -5, 5 }, 1, 2, 1, 2);
        var strong = Tensor.FromArray(new float[] { 20, -20, -20, 20 }, 1, 2, 1, 2);
        var wrong = Tensor.FromArray(new float[] { -20, 20, 20, -20 }, 1, 2, 1, 2);

        Assert.That(SpcLosses.WeakToStrong(strong, weak, 2).Item(), Is.EqualTo(0).Within(1e-5));
        Assert.That(SpcLosses.WeakToStrong(wrong, weak, 2).Item(), Is.EqualTo(1).Within(1e-5));
    }
}
