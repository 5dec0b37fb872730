using PacsSeg.Trainer.Phantoms;

namespace PacsSeg.Trainer.Tests.Phantoms;

public class AbdominalPhantomTests
{
    private static readonly AbdominalPhantomOptions Small = new() { SizeX = 64, SizeY = 64, SizeZ = 32 };

    [Test]
    public void Generate_SameSeedSameBytes_DifferentSeedDifferent()
    {
        var a = AbdominalPhantom.Generate(5, Small);
        var b = AbdominalPhantom.Generate(5, Small);
        var c = AbdominalPhantom.Generate(6, Small);

        Assert.That(a.Image.Voxels, Is.EqualTo(b.Image.Voxels));
        Assert.That(a.Label.Voxels, Is.EqualTo(b.Label.Voxels));
        Assert.That(a.Label.Voxels, Is.Not.EqualTo(c.Label.Voxels));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Generate_OrganIsSmallAndLowContrast(int seed)
    {
        var p = AbdominalPhantom.Generate(seed, Small);
        var v = p.Label.Voxels;

        double fraction = v.Count(x => x == AbdominalPhantom.Organ) / (double)v.Length;
        double organ = Enumerable.Range(0, v.Length).Where(n => v[n] == 1).Average(n => p.Image.Voxels[n]);

        Assert.That(fraction, Is.InRange(0.0005, 0.03));
        Assert.That(organ, Is.InRange(20.0, 90.0), "soft-tissue HU, close to its surroundings");
        Assert.That(p.Image.Voxels.Min(), Is.LessThan(-900), "air outside the body");
        Assert.That(p.Image.Voxels.Max(), Is.GreaterThan(400), "bone");
    }
}
