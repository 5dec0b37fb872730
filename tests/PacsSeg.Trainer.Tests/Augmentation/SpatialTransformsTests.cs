using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Processing;

namespace PacsSeg.Trainer.Tests.Augmentation;

public class SpatialTransformsTests
{
    // 3 wide, 2 high:  0 1 2 / 3 4 5
    private static ImagePatch Small() => new([0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5], 3, 2, 1);

    [Test]
    public void Rot90_Once_MatchesNumpyRot90()
    {
        // np.rot90([[0,1,2],[3,4,5]]) == [[2,5],[1,4],[0,3]]
        var r = SpatialTransforms.Rot90(Small(), 1);

        Assert.That((r.SizeX, r.SizeY), Is.EqualTo((2, 3)));
        Assert.That(r.Image, Is.EqualTo(new float[] { 2, 5, 1, 4, 0, 3 }));
        Assert.That(r.Label, Is.EqualTo(new byte[] { 2, 5, 1, 4, 0, 3 }));
    }

    [Test]
    public void Rot90_FourTimesAndMinusOne_Compose()
    {
        var p = Small();

        var four = SpatialTransforms.Rot90(SpatialTransforms.Rot90(SpatialTransforms.Rot90(SpatialTransforms.Rot90(p, 1), 1), 1), 1);
        var back = SpatialTransforms.Rot90(SpatialTransforms.Rot90(p, 1), -1);

        Assert.That(four.Image, Is.EqualTo(p.Image));
        Assert.That(back.Image, Is.EqualTo(p.Image));
    }

    [Test]
    public void Flip_AlongXAndY_MirrorsRowsAndColumns()
    {
        Assert.That(SpatialTransforms.Flip(Small(), 0).Image, Is.EqualTo(new float[] { 2, 1, 0, 5, 4, 3 }));
        Assert.That(SpatialTransforms.Flip(Small(), 1).Image, Is.EqualTo(new float[] { 3, 4, 5, 0, 1, 2 }));
    }

    [Test]
    public void RotateNearest_NinetyDegreesOnOddSquare_EqualsRot90()
    {
        var p = new ImagePatch(Enumerable.Range(0, 25).Select(v => (float)v).ToArray(), null, 5, 5, 1);

        var rotated = SpatialTransforms.RotateNearest(p, 90);

        Assert.That(rotated.Image, Is.EqualTo(SpatialTransforms.Rot90(p, 3).Image));
    }

    [Test]
    public void RotateNearest_FortyFiveDegrees_FillsCornersWithZero()
    {
        var p = new ImagePatch(Enumerable.Repeat(1f, 49).ToArray(), Enumerable.Repeat((byte)2, 49).ToArray(), 7, 7, 1);

        var r = SpatialTransforms.RotateNearest(p, 45);

        Assert.That(r.Image[0], Is.EqualTo(0));
        Assert.That(r.Label![0], Is.EqualTo(0));
        Assert.That(r.Image[3 * 7 + 3], Is.EqualTo(1));
    }

    [Test]
    public void ResizeNearest_MapsCornersOntoCorners()
    {
        var p = new ImagePatch([10, 20, 30, 40], [1, 2, 3, 4], 4, 1, 1);

        var r = SpatialTransforms.ResizeNearest(p, 7, 1, 1);

        // o * 3/6 rounded half away from zero: 0, 1, 1, 2, 2, 3, 3
        Assert.That(r.Image, Is.EqualTo(new float[] { 10, 20, 20, 30, 30, 40, 40 }));
        Assert.That(r.Label, Is.EqualTo(new byte[] { 1, 2, 2, 3, 3, 4, 4 }));
    }

    [Test]
    public void RandomCrop_SmallerThanCrop_PadsWithZerosAroundTheCentre()
    {
        var p = new ImagePatch([5], [1], 1, 1, 1);

        var c = SpatialTransforms.RandomCrop(p, 3, 3, 1, new DeterministicRandom(1));

        Assert.That(c.Image.Count(v => v == 5), Is.EqualTo(1));
        Assert.That(c.Image[4], Is.EqualTo(5));
        Assert.That(c.Label!.Sum(v => v), Is.EqualTo(1));
    }

    [Test]
    public void Scale_ByOne_IsIdentityAndByTwoMagnifiesTheCentre()
    {
        var data = Enumerable.Range(0, 81).Select(v => (float)v).ToArray();
        var p = new ImagePatch(data, data.Select(v => (byte)v).ToArray(), 9, 9, 1);

        var same = SpatialTransforms.Scale(p, 1.0);
        var zoom = SpatialTransforms.Scale(p, 2.0);

        Assert.That(same.Image, Is.EqualTo(p.Image));
        Assert.That(zoom.Image[4 * 9 + 4], Is.EqualTo(p.Image[4 * 9 + 4]), "centre stays");
        Assert.That(zoom.Image[4 * 9 + 8], Is.EqualTo(p.Image[4 * 9 + 6]), "edge shows what was halfway out");
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    public void WeakTwoD_KeepsLabelAlignedWithImage(int seed)
    {
        // Image = label value, so any geometric misalignment shows as a mismatch.
        var label = new byte[40 * 30];
        for (int n = 0; n < label.Length; n++)
            label[n] = (byte)((n % 40 > 10 && n / 40 > 5) ? 1 + n % 3 : 0);
        var p = new ImagePatch(label.Select(v => (float)v).ToArray(), label, 40, 30, 1);

        var w = WeakAugmentation.TwoD(p, 32, 32, new DeterministicRandom((ulong)seed));

        Assert.That((w.SizeX, w.SizeY), Is.EqualTo((32, 32)));
        for (int n = 0; n < w.Count; n++)
            Assert.That(w.Image[n], Is.EqualTo((float)w.Label![n]));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void WeakTwoD_KeepsThePixelScale(int seed)
    {
        // A 6 x 6 square in the middle of a 96 x 96 slice: every 64 x 64 crop holds it whole, and a crop (unlike
        // a resize to the patch, which would leave about 16 pixels) keeps its size; a ±20° nearest rotation
        // changes the count by a few pixels at most.
        var label = new byte[96 * 96];
        for (int j = 45; j < 51; j++)
            for (int i = 45; i < 51; i++)
                label[j * 96 + i] = 1;
        var p = new ImagePatch(label.Select(v => (float)v).ToArray(), label, 96, 96, 1);

        var w = WeakAugmentation.TwoD(p, 64, 64, new DeterministicRandom((ulong)seed));

        Assert.That((w.SizeX, w.SizeY), Is.EqualTo((64, 64)));
        Assert.That(w.Label!.Count(v => v == 1), Is.InRange(30, 42));
    }

    [Test]
    public void WeakTwoD_PatchOfTheSliceSize_IsNotCroppedOrPadded()
    {
        // A 4 x 4 block at the centre stays at the centre: rotations and flips turn about it, and nothing shifts it.
        var label = new byte[32 * 32];
        for (int j = 14; j < 18; j++)
            for (int i = 14; i < 18; i++)
                label[j * 32 + i] = 2;
        var p = new ImagePatch(label.Select(v => (float)v).ToArray(), label, 32, 32, 1);

        for (ulong seed = 1; seed <= 8; seed++)
        {
            var w = WeakAugmentation.TwoD(p, 32, 32, new DeterministicRandom(seed));
            var cells = Enumerable.Range(0, w.Count).Where(n => w.Label![n] == 2).ToList();
            Assert.That(cells, Has.Count.InRange(12, 20), $"seed {seed}");
            Assert.That(cells.Average(n => n % 32), Is.EqualTo(15.5).Within(1.0), $"seed {seed}");
            Assert.That(cells.Average(n => n / 32), Is.EqualTo(15.5).Within(1.0), $"seed {seed}");
        }
    }

    [Test]
    public void WeakThreeD_SameSeedSameResult_KeepsLabelAligned()
    {
        var label = new byte[20 * 18 * 10];
        for (int n = 0; n < label.Length; n++)
            label[n] = (byte)(n % 7 == 0 ? 1 : 0);
        var p = new ImagePatch(label.Select(v => (float)v).ToArray(), label, 20, 18, 10);

        var a = WeakAugmentation.ThreeD(p, 16, 16, 8, new DeterministicRandom(9));
        var b = WeakAugmentation.ThreeD(p, 16, 16, 8, new DeterministicRandom(9));

        Assert.That(a.Image, Is.EqualTo(b.Image));
        Assert.That(a.Image.Select(v => (byte)v), Is.EqualTo(a.Label));
        Assert.That((a.SizeX, a.SizeY, a.SizeZ), Is.EqualTo((16, 16, 8)));
    }
}
