using PacsSeg.Torch;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Trainer.Tests.Training.Methods2D;

public class PccsLossesTests
{
    [Test]
    public void Contrastive_ThreePrototypes_MatchesHandComputedValue()
    {
        // v0 = (1, 0), v1 = (0.6, 0.8) of class 0; v2 = (0, 1) of class 1; τ = 1.
        // Entropies 0, ln 2, 0 -> weights ∝ e^u = 1, 2, 1 -> 1/4, 1/2, 1/4.
        // i = 0: positive v1, negative mass E02 = e^0 -> ℓ01 = ln(e^0.6 + 1) − 0.6.
        // i = 1: positive v0, negative mass E12 = e^0.8 -> ℓ10 = ln(e^0.6 + e^0.8) − 0.6.
        // i = 2 has no positive and contributes nothing.
        using var scope = DisposeScope.Enter();
        var v = Tensor.FromArray(new float[] { 1, 0, 0.6f, 0.8f, 0, 1 }, 3, 2);
        var mean = new float[,] { { 1, 0 }, { 0.5f, 0.5f }, { 1, 0 } };

        double loss = PccsPrototypeLoss.Contrastive(v, [0, 0, 1], mean, temperature: 1).Item();

        double l01 = Math.Log(Math.Exp(0.6) + 1) - 0.6, l10 = Math.Log(Math.Exp(0.6) + Math.Exp(0.8)) - 0.6;
        Assert.That(loss, Is.EqualTo(0.25 * l01 + 0.5 * l10).Within(1e-5));
    }

    [Test]
    public void Contrastive_CertainFirst_GivesCertainPrototypesTheLargerWeight()
    {
        using var scope = DisposeScope.Enter();
        var v = Tensor.FromArray(new float[] { 1, 0, 0.6f, 0.8f, 0, 1 }, 3, 2);
        var mean = new float[,] { { 1, 0 }, { 0.5f, 0.5f }, { 1, 0 } };

        double loss = PccsPrototypeLoss.Contrastive(v, [0, 0, 1], mean, temperature: 1, certainFirst: true).Item();

        // Weights ∝ e^−u = 1, 1/2, 1 -> 0.4, 0.2, 0.4.
        double l01 = Math.Log(Math.Exp(0.6) + 1) - 0.6, l10 = Math.Log(Math.Exp(0.6) + Math.Exp(0.8)) - 0.6;
        Assert.That(loss, Is.EqualTo(0.4 * l01 + 0.2 * l10).Within(1e-5));
    }

    [Test]
    public void DiceWithoutFactorTwo_UniformPrediction_IsTwoThirds()
    {
        // Per class Σpg = 0.5, Σp² = 0.5, Σg² = 1 -> 1 − 0.5/1.5.
        using var scope = DisposeScope.Enter();
        var p = Tensor.FromArray(new float[] { 0.5f, 0.5f, 0.5f, 0.5f }, 1, 2, 1, 2);
        var g = Tensor.FromArray(new long[] { 0, 1 }, 1, 1, 2);

        Assert.That(PrototypeContrastiveConsistency.DiceWithoutFactorTwo(p, g, 2).Item(), Is.EqualTo(2.0 / 3).Within(1e-6));
    }

    [Test]
    public void Sinkhorn_TwoPixels_MatchesHandComputedBalance()
    {
        // exp(S/ε) = [[2, 1], [1, 2]] / 6 is already balanced; times n = 2 -> rows (2/3, 1/3), (1/3, 2/3).
        double s = 0.05 * Math.Log(2);
        var q = PccsSinkhorn.Balance(new[,] { { s, 0 }, { 0, s } });

        Assert.That(q[0, 0], Is.EqualTo(2.0 / 3).Within(1e-12));
        Assert.That(q[0, 1], Is.EqualTo(1.0 / 3).Within(1e-12));
        Assert.That(q[1, 1], Is.EqualTo(2.0 / 3).Within(1e-12));
    }

    [Test]
    public void Sinkhorn_AllPixelsPreferOneSubPrototype_SpreadsTheMassEvenly()
    {
        var q = PccsSinkhorn.Balance(new[,] { { 1.0, 0 }, { 1.0, 0 }, { 1.0, 0 } });

        for (int i = 0; i < 3; i++)
        {
            Assert.That(q[i, 0], Is.EqualTo(0.5).Within(1e-9));
            Assert.That(q[i, 1], Is.EqualTo(0.5).Within(1e-9));
        }
    }

    [Test]
    public void Regions_SquareOfOneClass_GivesOnePrototypePerNegativeDistanceLayer()
    {
        // 7x7 image, class 1 fills a 5x5 square: its inner boundary is 0, the 3x3 ring inside it −2 (two pixels
        // from the background), the centre −3 -> two class-1 regions; no uncertain background, so none for class 0.
        var labels = new long[49];
        for (int y = 1; y < 6; y++)
        {
            for (int x = 1; x < 6; x++)
                labels[y * 7 + x] = 1;
        }

        var regions = PccsPrototypeLoss.Regions(0, labels, new bool[49], 7, 7, classes: 2);

        Assert.That(regions, Has.Count.EqualTo(2));
        Assert.That(regions[0].Pixels, Is.EqualTo(new[] { 24 })); // deepest first: the centre
        Assert.That(regions[1].Pixels, Has.Length.EqualTo(8)); // the ring at distance 1
        Assert.That(regions.All(r => r.Class == 1), Is.True);
    }
}
