using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Processing;

namespace PacsSeg.Imaging.Tests.Processing;

public class ConnectedComponentsTests
{
    private static Volume<byte> Empty(int n = 5) => new(VolumeGeometry.Axial(n, n, n, new Vec3(1, 1, 1)));

    [TestCase(Connectivity.Faces6, 2)]
    [TestCase(Connectivity.Edges18, 1)]
    [TestCase(Connectivity.Corners26, 1)]
    public void Label_VoxelsSharingOnlyAnEdge_JoinFrom18Connectivity(Connectivity connectivity, int expected)
    {
        var v = Empty();
        v[1, 1, 1] = 1;
        v[2, 2, 1] = 1;

        Assert.That(ConnectedComponents.Label(v, connectivity).Count, Is.EqualTo(expected));
    }

    [TestCase(Connectivity.Faces6, 2)]
    [TestCase(Connectivity.Edges18, 2)]
    [TestCase(Connectivity.Corners26, 1)]
    public void Label_VoxelsSharingOnlyACorner_JoinOnlyWith26Connectivity(Connectivity connectivity, int expected)
    {
        var v = Empty();
        v[1, 1, 1] = 1;
        v[2, 2, 2] = 1;

        Assert.That(ConnectedComponents.Label(v, connectivity).Count, Is.EqualTo(expected));
    }

    [Test]
    public void Label_TouchingVoxelsWithDifferentLabels_AreSeparateComponents()
    {
        var v = Empty();
        v[0, 0, 0] = 1;
        v[1, 0, 0] = 1;
        v[2, 0, 0] = 2;
        v[4, 4, 4] = 1;

        var c = ConnectedComponents.Label(v);

        Assert.That(c.Count, Is.EqualTo(3));
        Assert.That(c.Sizes, Is.EqualTo(new long[] { 2, 1, 1 }));
        Assert.That(c.Values, Is.EqualTo(new byte[] { 1, 2, 1 }));
        Assert.That(c.Ids[1, 0, 0], Is.EqualTo(c.Ids[0, 0, 0]));
        Assert.That(c.Ids[2, 0, 0], Is.Not.EqualTo(c.Ids[0, 0, 0]));
        Assert.That(c.Ids[3, 3, 3], Is.EqualTo(0));
    }

    [Test]
    public void KeepLargestPerLabel_RemovesSmallerIslandsOfEachLabelOnly()
    {
        var v = Empty(6);
        for (int k = 0; k < 2; k++)
            for (int j = 0; j < 2; j++)
                for (int i = 0; i < 2; i++)
                    v[i, j, k] = 1; // label 1: 8 voxels
        v[5, 5, 5] = 1; // label 1: island of 1
        v[0, 5, 0] = 2; v[1, 5, 0] = 2; v[2, 5, 0] = 2; // label 2: 3 voxels
        v[5, 0, 3] = 2; v[5, 1, 3] = 2; v[5, 2, 3] = 2; v[5, 3, 3] = 2; // label 2: 4 voxels

        var kept = ConnectedComponents.KeepLargestPerLabel(v);

        Assert.That(kept.Voxels.Count(x => x == 1), Is.EqualTo(8));
        Assert.That(kept.Voxels.Count(x => x == 2), Is.EqualTo(4));
        Assert.That(kept[5, 5, 5], Is.EqualTo(0));
        Assert.That(kept[0, 5, 0], Is.EqualTo(0));
        Assert.That(kept[5, 3, 3], Is.EqualTo(2));
        Assert.That(v[5, 5, 5], Is.EqualTo(1), "input must not change");
    }

    [Test]
    public void Label_HollowShell_IsOneComponentAndCavityStaysBackground()
    {
        var v = Empty();
        for (int k = 0; k < 5; k++)
            for (int j = 0; j < 5; j++)
                for (int i = 0; i < 5; i++)
                    v[i, j, k] = (byte)(i is 0 or 4 || j is 0 or 4 || k is 0 or 4 ? 3 : 0);

        var c = ConnectedComponents.Label(v, Connectivity.Faces6);

        Assert.That(c.Count, Is.EqualTo(1));
        Assert.That(c.Sizes[0], Is.EqualTo(125 - 27));
    }
}
