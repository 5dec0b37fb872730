using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Processing;

namespace PacsSeg.Imaging.Tests.Processing;

public class DistanceTransformTests
{
    [Test]
    public void Euclidean_Row_CountsStepsToTheZero()
    {
        var mask = new Volume<byte>(VolumeGeometry.Axial(5, 1, 1, new Vec3(1, 1, 1)), [1, 1, 1, 0, 1]);

        var d = DistanceTransform.Euclidean(mask, DistanceUnit.Voxels);

        Assert.That(d.Voxels, Is.EqualTo(new double[] { 3, 2, 1, 0, 1 }));
    }

    [Test]
    public void Euclidean_AnisotropicSpacing_InMillimetresUsesSpacingAndInVoxelsDoesNot()
    {
        // One zero at (1, 1) in a 3x3 image with 0.5 mm columns and 2 mm rows.
        var voxels = Enumerable.Repeat((byte)1, 9).ToArray();
        voxels[4] = 0;
        var mask = new Volume<byte>(VolumeGeometry.Axial(3, 3, 1, new Vec3(0.5, 2, 1)), voxels);

        var mm = DistanceTransform.Euclidean(mask, DistanceUnit.Millimetres);
        var vox = DistanceTransform.Euclidean(mask, DistanceUnit.Voxels);

        Assert.That(mm[0, 1, 0], Is.EqualTo(0.5));
        Assert.That(mm[1, 0, 0], Is.EqualTo(2.0));
        Assert.That(mm[0, 0, 0], Is.EqualTo(Math.Sqrt(0.25 + 4)).Within(1e-12));
        Assert.That(vox[0, 0, 0], Is.EqualTo(Math.Sqrt(2)).Within(1e-12));
        Assert.That(mm[1, 1, 0], Is.EqualTo(0));
    }

    [Test]
    public void SquaredDistanceToNearest_WithoutSites_IsInfinite()
    {
        var d = DistanceTransform.SquaredDistanceToNearest(new bool[12], 3, 2, 2, new Vec3(1, 1, 1));

        Assert.That(d, Has.All.EqualTo(double.PositiveInfinity));
    }

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(4)]
    [TestCase(5)]
    public void SquaredDistanceToNearest_RandomSparseSites3D_MatchesBruteForce(int seed)
    {
        var random = new Random(seed);
        int nx = random.Next(1, 9), ny = random.Next(1, 9), nz = random.Next(1, 9);
        var spacing = new Vec3(0.3 + random.NextDouble() * 2, 0.3 + random.NextDouble() * 2, 0.3 + random.NextDouble() * 3);
        double density = seed % 2 == 0 ? 0.03 : 0.3;
        var sites = new bool[nx * ny * nz];
        for (int n = 0; n < sites.Length; n++)
            sites[n] = random.NextDouble() < density;
        sites[random.Next(sites.Length)] = true;

        var fast = DistanceTransform.SquaredDistanceToNearest(sites, nx, ny, nz, spacing);
        var slow = BruteForce(sites, nx, ny, nz, spacing);

        for (int n = 0; n < sites.Length; n++)
            Assert.That(fast[n], Is.EqualTo(slow[n]).Within(1e-9), $"voxel {n} of {nx}x{ny}x{nz}");
    }

    [Test]
    public void Euclidean_LargeRandomMask_MatchesBruteForceEverywhere()
    {
        var random = new Random(42);
        const int nx = 23, ny = 17, nz = 11;
        var voxels = new byte[nx * ny * nz];
        for (int n = 0; n < voxels.Length; n++)
            voxels[n] = random.NextDouble() < 0.97 ? (byte)1 : (byte)0;
        var spacing = new Vec3(0.7, 1.1, 2.5);
        var mask = new Volume<byte>(VolumeGeometry.Axial(nx, ny, nz, spacing), voxels);

        var d = DistanceTransform.Euclidean(mask, DistanceUnit.Millimetres);
        var slow = BruteForce(voxels.Select(v => v == 0).ToArray(), nx, ny, nz, spacing);

        for (int n = 0; n < voxels.Length; n++)
            Assert.That(d.Voxels[n], Is.EqualTo(Math.Sqrt(slow[n])).Within(1e-9));
    }

    [Test]
    public void InnerBoundary_GridBorder_CountsAsBackgroundOnlyWhenAsked()
    {
        // 3x3 all foreground: no background inside the grid.
        var full = Enumerable.Repeat(true, 9).ToArray();

        var skimage = DistanceTransform.InnerBoundary(full, 3, 3, 1, outsideIsBackground: false);
        var medpy = DistanceTransform.InnerBoundary(full, 3, 3, 1, outsideIsBackground: true);

        Assert.That(skimage, Has.All.False);
        Assert.That(medpy.Count(b => b), Is.EqualTo(8), "every voxel but the centre touches the border");
        Assert.That(medpy[4], Is.False);
    }

    [Test]
    public void InnerBoundary_SingleSliceGrid_IsTwoDimensional()
    {
        // A single slice must not see background above and below it.
        var full = Enumerable.Repeat(true, 25).ToArray();

        var medpy = DistanceTransform.InnerBoundary(full, 5, 5, 1, outsideIsBackground: true);

        Assert.That(medpy.Count(b => b), Is.EqualTo(16));
    }

    [Test]
    public void SignedDistanceMap_Square_HasHandValues()
    {
        // 7x7 image, foreground square 5x5 at (1..5, 1..5).
        var fg = new bool[49];
        for (int j = 1; j <= 5; j++)
            for (int i = 1; i <= 5; i++)
                fg[j * 7 + i] = true;

        var sdm = DistanceTransform.SignedDistanceMap(fg, 7, 7, 1, new Vec3(1, 1, 1));

        Assert.That(sdm[3 * 7 + 3], Is.EqualTo(-3), "centre: 3 steps to the background");
        Assert.That(sdm[2 * 7 + 2], Is.EqualTo(-2));
        Assert.That(sdm[1 * 7 + 3], Is.EqualTo(0), "inner contour is zeroed");
        Assert.That(sdm[0 * 7 + 3], Is.EqualTo(1), "just outside");
        Assert.That(sdm[0], Is.EqualTo(Math.Sqrt(2)).Within(1e-12), "corner outside to (1,1)");
    }

    [Test]
    public void SignedDistanceMap_EmptyAndFullMasks_AreZero()
    {
        Assert.That(DistanceTransform.SignedDistanceMap(new bool[16], 4, 4, 1, new Vec3(1, 1, 1)), Has.All.EqualTo(0.0));
        Assert.That(DistanceTransform.SignedDistanceMap(Enumerable.Repeat(true, 16).ToArray(), 4, 4, 1, new Vec3(1, 1, 1)), Has.All.EqualTo(0.0));
    }

    [TestCase(7)]
    [TestCase(8)]
    [TestCase(9)]
    public void SignedDistanceMap_RandomMask_MatchesBruteForceDefinition(int seed)
    {
        var random = new Random(seed);
        const int nx = 12, ny = 9;
        var fg = new bool[nx * ny];
        for (int n = 0; n < fg.Length; n++)
            fg[n] = random.NextDouble() < 0.5;
        var spacing = new Vec3(1, 1, 1);

        var sdm = DistanceTransform.SignedDistanceMap(fg, nx, ny, 1, spacing);
        var toFg = BruteForce(fg, nx, ny, 1, spacing);
        var toBg = BruteForce(fg.Select(f => !f).ToArray(), nx, ny, 1, spacing);

        for (int j = 0; j < ny; j++)
        {
            for (int i = 0; i < nx; i++)
            {
                int n = j * nx + i;
                bool inner = fg[n] && ((i > 0 && !fg[n - 1]) || (i < nx - 1 && !fg[n + 1]) || (j > 0 && !fg[n - nx]) || (j < ny - 1 && !fg[n + nx]));
                double expected = inner ? 0 : fg[n] ? -Math.Sqrt(toBg[n]) : Math.Sqrt(toFg[n]);
                Assert.That(sdm[n], Is.EqualTo(expected).Within(1e-12), $"pixel ({i}, {j})");
            }
        }
    }

    [Test]
    public void SignedDistanceMap_Volume_InMillimetresScalesWithSpacing()
    {
        var voxels = new byte[9 * 9];
        for (int j = 2; j <= 6; j++)
            for (int i = 2; i <= 6; i++)
                voxels[j * 9 + i] = 1;
        var mask = new Volume<byte>(VolumeGeometry.Axial(9, 9, 1, new Vec3(2, 2, 5)), voxels);

        var mm = DistanceTransform.SignedDistanceMap(mask, DistanceUnit.Millimetres);
        var vox = DistanceTransform.SignedDistanceMap(mask, DistanceUnit.Voxels);

        Assert.That(mm[4, 4, 0], Is.EqualTo(-6));
        Assert.That(vox[4, 4, 0], Is.EqualTo(-3));
        Assert.That(mm[0, 4, 0], Is.EqualTo(4));
    }

    private static double[] BruteForce(bool[] sites, int nx, int ny, int nz, Vec3 spacing)
    {
        var result = new double[sites.Length];
        for (int n = 0; n < sites.Length; n++)
        {
            int i = n % nx, j = n / nx % ny, k = n / (nx * ny);
            double best = double.PositiveInfinity;
            for (int m = 0; m < sites.Length; m++)
            {
                if (!sites[m])
                    continue;
                double dx = (m % nx - i) * spacing.X, dy = (m / nx % ny - j) * spacing.Y, dz = (m / (nx * ny) - k) * spacing.Z;
                best = Math.Min(best, dx * dx + dy * dy + dz * dz);
            }
            result[n] = best;
        }
        return result;
    }
}
