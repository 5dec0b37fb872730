using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Tests.Augmentation;

public class MixingTests
{
    [Test]
    public void CopyPasteMask_TwoD_HasOneZeroBoxOfTwoThirds()
    {
        var mask = CopyPasteMask.Create(30, 24, 1, new DeterministicRandom(3));

        Assert.That(mask.Count(v => v == 0), Is.EqualTo(20 * 16));
        // The box never reaches the last column or row (numpy randint excludes the upper bound).
        for (int j = 0; j < 24; j++)
            Assert.That(mask[j * 30 + 29], Is.EqualTo(1));
        for (int i = 0; i < 30; i++)
            Assert.That(mask[23 * 30 + i], Is.EqualTo(1));
    }

    [Test]
    public void CopyPasteMask_ThreeD_ShrinksZToo()
    {
        var mask = CopyPasteMask.Create(12, 12, 9, new DeterministicRandom(5));

        Assert.That(mask.Count(v => v == 0), Is.EqualTo(8 * 8 * 6));
    }

    [Test]
    public void Mix_TakesAInsideMaskOnesAndBElsewhere()
    {
        var a = new ImagePatch([1, 1, 1, 1], [1, 1, 1, 1], 2, 2, 1);
        var b = new ImagePatch([2, 2, 2, 2], [2, 2, 2, 2], 2, 2, 1);

        var m = CopyPasteMask.Mix(a, b, [1, 0, 0, 1]);

        Assert.That(m.Image, Is.EqualTo(new float[] { 1, 2, 2, 1 }));
        Assert.That(m.Label, Is.EqualTo(new byte[] { 1, 2, 2, 1 }));
    }

    [Test]
    public void StylePartners_PairLabeledWithUnlabeledBothWays()
    {
        var partners = StyleBlending.Partners(8, new DeterministicRandom(2));

        Assert.That(partners.Take(4), Is.All.InRange(4, 7));
        Assert.That(partners.Skip(4), Is.All.InRange(0, 3));
        Assert.That(partners.Distinct().Count(), Is.EqualTo(8));
    }

    [Test]
    public void StyleBlend_IdenticalImages_AreUnchanged()
    {
        float[] image = [0.1f, 0.2f, 0.6f, 0.9f];
        var batch = Enumerable.Range(0, 4).Select(_ => (float[])image.Clone()).ToArray();

        var blended = StyleBlending.Blend(batch, new DeterministicRandom(1));

        foreach (var b in blended)
            Assert.That(b, Is.EqualTo(image).Within(1e-5f));
    }

    [Test]
    public void StyleBlend_MovesMomentsTowardThePartnerAndStaysInUnitRange()
    {
        var dark = Enumerable.Range(0, 100).Select(v => 0.1f + 0.001f * v).ToArray();
        var bright = Enumerable.Range(0, 100).Select(v => 0.7f + 0.002f * v).ToArray();

        var blended = StyleBlending.Blend([dark, bright], new DeterministicRandom(7));

        Assert.That(blended[0].Average(), Is.InRange(dark.Average() - 1e-4, bright.Average() + 1e-4));
        Assert.That(blended[0].Average(), Is.Not.EqualTo(dark.Average()).Within(1e-3));
        Assert.That(blended.SelectMany(b => b), Is.All.InRange(0f, 1f));
    }

    [Test]
    public void StrongView_ChangesIntensitiesOnlyAndStaysInUnitRange()
    {
        var random = new DeterministicRandom(4);
        var image = Enumerable.Range(0, 64 * 64).Select(n => (float)((n % 64) / 63.0)).ToArray();
        var label = image.Select(v => (byte)(v > 0.5 ? 1 : 0)).ToArray();
        var weak = new ImagePatch(image, label, 64, 64, 1);

        var strong = new StrongAugmentation().Apply(weak, random);

        Assert.That(strong.Label, Is.EqualTo(label));
        Assert.That(strong.Image, Is.Not.EqualTo(image));
        Assert.That(strong.Image, Is.All.InRange(0f, 1f));
        Assert.That(weak.Image, Is.EqualTo(image), "the weak view is not modified");
    }

    [Test]
    public void Contrast_FactorZero_GivesTheMean()
    {
        float[] image = [0, 0.5f, 1, 0.5f];

        IntensityTransforms.Contrast(image, 0);

        Assert.That(image, Is.All.EqualTo(0.5f));
    }

    [Test]
    public void Cutout_ZeroesOneBoxOfTheRequestedFraction()
    {
        var patch = new ImagePatch(Enumerable.Repeat(1f, 400).ToArray(), null, 20, 20, 1);

        IntensityTransforms.Cutout(patch, 0.25, 0, new DeterministicRandom(8));

        Assert.That(patch.Image.Count(v => v == 0), Is.EqualTo(25));
    }

    [Test]
    public void ClippedNoise_NeverExceedsTheClip()
    {
        var image = new float[10_000];

        IntensityTransforms.ClippedGaussianNoise(image, 0.1, 0.2, new DeterministicRandom(6));

        Assert.That(image, Is.All.InRange(-0.2f, 0.2f));
        Assert.That(image.Count(v => Math.Abs(v) == 0.2f), Is.GreaterThan(0), "about 4.6% are clipped");
    }
}
