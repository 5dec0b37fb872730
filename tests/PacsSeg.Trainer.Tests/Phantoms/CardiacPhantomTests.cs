using System.Runtime.InteropServices;
using PacsSeg.Trainer.Phantoms;

namespace PacsSeg.Trainer.Tests.Phantoms;

public class CardiacPhantomTests
{
    [Test]
    public void Generate_SameSeed_GivesSameBytes()
    {
        var a = CardiacPhantom.Generate(17, CardiacPhantomOptions.TwoD(96));
        var b = CardiacPhantom.Generate(17, CardiacPhantomOptions.TwoD(96));

        Assert.That(MemoryMarshal.AsBytes(a.Image.Voxels.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.Image.Voxels.AsSpan())), Is.True);
        Assert.That(a.Label.Voxels, Is.EqualTo(b.Label.Voxels));
    }

    [Test]
    public void Generate_DifferentSeeds_GiveDifferentShapesAndImages()
    {
        var a = CardiacPhantom.Generate(1, CardiacPhantomOptions.TwoD(96));
        var b = CardiacPhantom.Generate(2, CardiacPhantomOptions.TwoD(96));

        Assert.That(a.Label.Voxels, Is.Not.EqualTo(b.Label.Voxels));
        Assert.That(a.Image.Voxels, Is.Not.EqualTo(b.Image.Voxels));
    }

    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    [TestCase(6)]
    public void Generate_TwoD_HasAllThreeClassesWithPlausibleAreas(int seed)
    {
        var c = CardiacPhantom.Generate(seed, CardiacPhantomOptions.TwoD(128));
        int total = c.Label.Voxels.Length;

        foreach (byte label in new[] { CardiacPhantom.RightVentricle, CardiacPhantom.Myocardium, CardiacPhantom.LeftVentricle })
        {
            double fraction = c.Label.Voxels.Count(v => v == label) / (double)total;
            Assert.That(fraction, Is.InRange(0.003, 0.12), $"label {label}");
        }
    }

    [Test]
    public void Generate_BloodIsBrighterThanMyocardium()
    {
        var c = CardiacPhantom.Generate(9, CardiacPhantomOptions.TwoD(128));

        double lv = MeanWhere(c, CardiacPhantom.LeftVentricle), myo = MeanWhere(c, CardiacPhantom.Myocardium);

        Assert.That(lv, Is.GreaterThan(1.8 * myo));
    }

    [Test]
    public void Generate_LeftVentricleIsSurroundedByMyocardium()
    {
        // Every LV pixel's 4-neighbours are LV or myocardium: the ring closes (no LV touches RV or background).
        var c = CardiacPhantom.Generate(11, CardiacPhantomOptions.TwoD(128));
        int nx = c.Label.SizeX;
        var v = c.Label.Voxels;
        for (int n = 0; n < v.Length; n++)
        {
            if (v[n] != CardiacPhantom.LeftVentricle)
                continue;
            foreach (int m in new[] { n - 1, n + 1, n - nx, n + nx })
                Assert.That(v[m], Is.EqualTo(CardiacPhantom.LeftVentricle).Or.EqualTo(CardiacPhantom.Myocardium));
        }
    }

    [Test]
    public void Generate_ThreeD_ShrinksTowardTheApex()
    {
        var c = CardiacPhantom.Generate(21, CardiacPhantomOptions.ThreeD(64, 10));
        int plane = c.Label.SizeX * c.Label.SizeY;

        int Area(int k, byte label) => c.Label.Voxels.AsSpan(k * plane, plane).Count(label);

        Assert.That(Area(1, CardiacPhantom.LeftVentricle), Is.GreaterThan(Area(8, CardiacPhantom.LeftVentricle)));
        Assert.That(Area(9, CardiacPhantom.RightVentricle), Is.EqualTo(0), "no RV at the apex");
        Assert.That(Area(1, CardiacPhantom.RightVentricle), Is.GreaterThan(0));
        Assert.That(c.Image.Geometry.Spacing.Z, Is.EqualTo(8.0));
    }

    [Test]
    public void Generate_WideVariation_SameSeedGivesSameBytesAndDiffersFromStandard()
    {
        var wide = CardiacPhantomOptions.TwoD(96) with { Variation = PhantomVariation.Wide };
        var a = CardiacPhantom.Generate(17, wide);
        var b = CardiacPhantom.Generate(17, wide);
        var standard = CardiacPhantom.Generate(17, CardiacPhantomOptions.TwoD(96));

        Assert.That(MemoryMarshal.AsBytes(a.Image.Voxels.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(b.Image.Voxels.AsSpan())), Is.True);
        Assert.That(a.Label.Voxels, Is.EqualTo(b.Label.Voxels));
        Assert.That(a.Image.Voxels, Is.Not.EqualTo(standard.Image.Voxels));
    }

    [Test]
    public void Generate_WideVariation_SpansBaseToApexWhereStandardIsMidVentricular()
    {
        var wide = CardiacPhantomOptions.TwoD(96) with { Variation = PhantomVariation.Wide };
        var standardRv = new List<int>();
        var wideRv = new List<int>();
        for (int seed = 1; seed <= 30; seed++)
        {
            standardRv.Add(CardiacPhantom.Generate(seed, CardiacPhantomOptions.TwoD(96)).Label.Voxels.Count(v => v == CardiacPhantom.RightVentricle));
            wideRv.Add(CardiacPhantom.Generate(seed, wide).Label.Voxels.Count(v => v == CardiacPhantom.RightVentricle));
        }

        Assert.That(standardRv.Min(), Is.GreaterThan(0), "a mid-ventricular slice always cuts the RV");
        Assert.That(wideRv.Min(), Is.EqualTo(0), "apical slices below the RV");
        Assert.That(wideRv.Max(), Is.GreaterThan(standardRv.Max()), "basal slices cut a larger RV");
    }

    [Test]
    public void Generate_WideVariation_VariesTissueContrastBetweenCases()
    {
        var wide = CardiacPhantomOptions.TwoD(96) with { Variation = PhantomVariation.Wide };
        static double Ratio(PhantomCase c) => MeanWhere(c, CardiacPhantom.LeftVentricle) / MeanWhere(c, CardiacPhantom.Myocardium);
        var standard = Enumerable.Range(1, 20).Select(s => Ratio(CardiacPhantom.Generate(s, CardiacPhantomOptions.TwoD(96)))).ToList();
        // Apical wide slices may have no LV left; the contrast is measured where there is one.
        var varied = Enumerable.Range(1, 20).Select(s => CardiacPhantom.Generate(s, wide))
            .Where(c => c.Label.Voxels.Count(v => v == CardiacPhantom.LeftVentricle) > 20).Select(Ratio).ToList();

        Assert.That(varied, Has.Count.GreaterThan(10));
        Assert.That(varied.Max() / varied.Min(), Is.GreaterThan(1.5 * (standard.Max() / standard.Min())));
        Assert.That(varied.Min(), Is.GreaterThan(1.0), "blood stays brighter than myocardium");
    }

    private static double MeanWhere(PhantomCase c, byte label)
    {
        double sum = 0;
        int count = 0;
        for (int n = 0; n < c.Label.Voxels.Length; n++)
        {
            if (c.Label.Voxels[n] != label)
                continue;
            sum += c.Image.Voxels[n];
            count++;
        }
        return sum / count;
    }
}
