using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Segmentation.Metrics;

namespace PacsSeg.Segmentation.Tests.Metrics;

public class SegmentationMetricsTests
{
    private static readonly Vec3 Unit = new(1, 1, 1);

    [Test]
    public void Binary_ShiftedSquares_HaveHandValues()
    {
        // 6x6 image: prediction square x 1..2, y 1..2; reference square x 2..3, y 1..2. 2x2 squares erode to
        // nothing, so every voxel is a surface voxel.
        var p = Mask(6, 6, (i, j) => i is >= 1 and <= 2 && j is >= 1 and <= 2);
        var r = Mask(6, 6, (i, j) => i is >= 2 and <= 3 && j is >= 1 and <= 2);

        var m = SegmentationMetrics.Binary(p, r, 6, 6, 1, new Vec3(2, 3, 1));

        Assert.That(m.Dice, Is.EqualTo(0.5));
        Assert.That(m.Jaccard, Is.EqualTo(2.0 / 6.0).Within(1e-15));
        // pooled distances [1,0,1,0, 0,1,0,1]: 95th percentile 1; directed mean pred->ref 0.5.
        Assert.That(m.Hd95Voxels, Is.EqualTo(1.0));
        Assert.That(m.AsdVoxels, Is.EqualTo(0.5));
        Assert.That(m.Hd95Mm, Is.EqualTo(2.0));
        Assert.That(m.AsdMm, Is.EqualTo(1.0));
    }

    [Test]
    public void Binary_Hd95_InterpolatesThePooledListLikeNumpy()
    {
        // A row of 10: prediction {0}, reference {0..4}. Surfaces {0} and {0, 4} (outside is background).
        // pred->ref [0]; ref->pred [0, 4]; pooled [0, 0, 4]; rank 0.95*2 = 1.9 -> 0 + 0.9*4 = 3.6.
        var p = Mask(10, 1, (i, _) => i == 0);
        var r = Mask(10, 1, (i, _) => i <= 4);

        var m = SegmentationMetrics.Binary(p, r, 10, 1, 1, Unit);

        Assert.That(m.Hd95Voxels, Is.EqualTo(3.6).Within(1e-12));
        Assert.That(m.AsdVoxels, Is.EqualTo(0), "ASD is directed prediction -> reference only");
        Assert.That(m.Dice, Is.EqualTo(1.0 / 3.0).Within(1e-15));
        Assert.That(m.Jaccard, Is.EqualTo(0.2).Within(1e-15));
    }

    [Test]
    public void Binary_Asd_IsNotSymmetric()
    {
        var p = Mask(10, 1, (i, _) => i == 0);
        var r = Mask(10, 1, (i, _) => i <= 4);

        var forward = SegmentationMetrics.Binary(p, r, 10, 1, 1, Unit);
        var backward = SegmentationMetrics.Binary(r, p, 10, 1, 1, Unit);

        Assert.That(forward.AsdVoxels, Is.EqualTo(0));
        Assert.That(backward.AsdVoxels, Is.EqualTo(2.0), "reference surface {0, 4} -> {0}: mean of 0 and 4");
        Assert.That(backward.Hd95Voxels, Is.EqualTo(forward.Hd95Voxels));
    }

    [Test]
    public void Binary_IdenticalMasks_ArePerfect()
    {
        var p = Mask(9, 7, (i, j) => (i - 4) * (i - 4) + (j - 3) * (j - 3) <= 6);

        var m = SegmentationMetrics.Binary(p, p, 9, 7, 1, Unit);

        Assert.That(m, Is.EqualTo(BinaryMetrics.Perfect));
    }

    [Test]
    public void Binary_ForegroundOnImageBorder_IsSurface()
    {
        // Prediction fills the whole 5x5 image, reference is its centre voxel. With the border counted as
        // background the prediction's surface is the 16 border voxels; the farthest is sqrt(8) from the centre.
        var p = Mask(5, 5, (_, _) => true);
        var r = Mask(5, 5, (i, j) => i == 2 && j == 2);

        var m = SegmentationMetrics.Binary(p, r, 5, 5, 1, Unit);

        double expectedAsd = (4 * Math.Sqrt(8) + 8 * Math.Sqrt(5) + 4 * 2) / 16.0;
        Assert.That(m.AsdVoxels, Is.EqualTo(expectedAsd).Within(1e-12));
    }

    [TestCase(EmptyMaskPolicy.BothEmptyScoresPerfect, 1.0)]
    [TestCase(EmptyMaskPolicy.PredictionEmptyScoresZero, 0.0)]
    public void Binary_BothEmpty_FollowsPolicy(EmptyMaskPolicy policy, double expectedDice)
    {
        var empty = new bool[16];

        var m = SegmentationMetrics.Binary(empty, empty, 4, 4, 1, Unit, policy);

        Assert.That(m.Dice, Is.EqualTo(expectedDice));
        Assert.That(m.Jaccard, Is.EqualTo(expectedDice));
        Assert.That(m.Hd95Voxels, Is.EqualTo(0));
    }

    [TestCase(EmptyMaskPolicy.BothEmptyScoresPerfect)]
    [TestCase(EmptyMaskPolicy.PredictionEmptyScoresZero)]
    public void Binary_OneEmpty_ScoresZero(EmptyMaskPolicy policy)
    {
        var empty = new bool[16];
        var some = Mask(4, 4, (i, j) => i == j);

        Assert.That(SegmentationMetrics.Binary(empty, some, 4, 4, 1, Unit, policy), Is.EqualTo(BinaryMetrics.Zero));
        Assert.That(SegmentationMetrics.Binary(some, empty, 4, 4, 1, Unit, policy), Is.EqualTo(BinaryMetrics.Zero));
    }

    [Test]
    public void Binary_EmptyUnderThrowPolicy_RaisesEmptyMaskException()
    {
        var empty = new bool[16];
        var some = Mask(4, 4, (i, j) => i == j);

        Assert.Throws<EmptyMaskException>(() => SegmentationMetrics.Binary(empty, some, 4, 4, 1, Unit, EmptyMaskPolicy.Throw));
        Assert.Throws<EmptyMaskException>(() => SegmentationMetrics.Binary(some, empty, 4, 4, 1, Unit, EmptyMaskPolicy.Throw));
    }

    [TestCase(11)]
    [TestCase(12)]
    [TestCase(13)]
    [TestCase(14)]
    public void Binary_RandomBlobs3D_MatchMedpyBruteForce(int seed)
    {
        var random = new Random(seed);
        int nx = random.Next(4, 12), ny = random.Next(4, 12), nz = random.Next(2, 8);
        var spacing = new Vec3(0.5 + random.NextDouble(), 0.5 + random.NextDouble(), 1 + 3 * random.NextDouble());
        var p = RandomBlob(random, nx, ny, nz);
        var r = RandomBlob(random, nx, ny, nz);

        var m = SegmentationMetrics.Binary(p, r, nx, ny, nz, spacing);

        foreach (var (s, hd95, asd) in new[] { (Unit, m.Hd95Voxels, m.AsdVoxels), (spacing, m.Hd95Mm, m.AsdMm) })
        {
            var forward = BruteDirected(p, r, nx, ny, nz, s);
            var backward = BruteDirected(r, p, nx, ny, nz, s);
            var pooled = forward.Concat(backward).OrderBy(d => d).ToArray();
            double rank = 0.95 * (pooled.Length - 1);
            int lo = (int)rank;
            double expectedHd95 = pooled[lo] + (pooled[Math.Min(lo + 1, pooled.Length - 1)] - pooled[lo]) * (rank - lo);
            Assert.That(hd95, Is.EqualTo(expectedHd95).Within(1e-9));
            Assert.That(asd, Is.EqualTo(forward.Average()).Within(1e-9));
        }
        int inter = p.Zip(r).Count(t => t.First && t.Second);
        Assert.That(m.Dice, Is.EqualTo(2.0 * inter / (p.Count(x => x) + r.Count(x => x))).Within(1e-12));
    }

    [Test]
    public void PerClass_LabelMaps_ReportEachForegroundClassAndTheMean()
    {
        var g = VolumeGeometry.Axial(4, 1, 1, new Vec3(1, 1, 1));
        var prediction = new Volume<byte>(g, [1, 1, 2, 0]);
        var reference = new Volume<byte>(g, [1, 2, 2, 0]);

        var m = SegmentationMetrics.PerClass(prediction, reference, classCount: 3);

        Assert.That(m.ForLabel(1).Dice, Is.EqualTo(2.0 / 3.0).Within(1e-15));
        Assert.That(m.ForLabel(2).Dice, Is.EqualTo(2.0 / 3.0).Within(1e-15));
        Assert.That(m.Mean.Dice, Is.EqualTo(2.0 / 3.0).Within(1e-15));
        Assert.That(m.ForLabel(1).Jaccard, Is.EqualTo(0.5));
    }

    [Test]
    public void Average_OverCases_AveragesPerClassThenOverClasses()
    {
        var a = new CaseMetrics([new BinaryMetrics(1.0, 1, 0, 0, 0, 0), new BinaryMetrics(0.5, 0.5, 2, 1, 4, 2)]);
        var b = new CaseMetrics([new BinaryMetrics(0.0, 0, 4, 2, 8, 4), new BinaryMetrics(0.5, 0.5, 2, 1, 4, 2)]);

        var avg = CaseMetrics.Average([a, b]);

        Assert.That(avg.ForLabel(1).Dice, Is.EqualTo(0.5));
        Assert.That(avg.ForLabel(1).Hd95Voxels, Is.EqualTo(2));
        Assert.That(avg.Mean.Dice, Is.EqualTo(0.5));
        Assert.That(avg.Mean.Hd95Mm, Is.EqualTo(4));
    }

    [Test]
    public void Percentile_MatchesNumpyLinear()
    {
        Assert.That(SurfaceDistances.Percentile([1, 2, 3, 4], 50), Is.EqualTo(2.5));
        Assert.That(SurfaceDistances.Percentile([10, 0, 5], 95), Is.EqualTo(9.5).Within(1e-12));
        Assert.That(SurfaceDistances.Percentile([7], 95), Is.EqualTo(7));
    }

    private static bool[] Mask(int nx, int ny, Func<int, int, bool> inside)
    {
        var mask = new bool[nx * ny];
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
                mask[j * nx + i] = inside(i, j);
        return mask;
    }

    private static bool[] RandomBlob(Random random, int nx, int ny, int nz)
    {
        double cx = random.NextDouble() * nx, cy = random.NextDouble() * ny, cz = random.NextDouble() * nz;
        double radius = 1 + random.NextDouble() * 3;
        var mask = new bool[nx * ny * nz];
        for (int n = 0; n < mask.Length; n++)
        {
            int i = n % nx, j = n / nx % ny, k = n / (nx * ny);
            double d = Math.Sqrt((i - cx) * (i - cx) + (j - cy) * (j - cy) + (k - cz) * (k - cz));
            mask[n] = d < radius || random.NextDouble() < 0.04;
        }
        mask[random.Next(mask.Length)] = true;
        return mask;
    }

    // medpy's __surface_distances written the slow way: erosion by explicit neighbour checks, distances by
    // scanning every pair.
    private static List<double> BruteDirected(bool[] from, bool[] to, int nx, int ny, int nz, Vec3 s)
    {
        var sf = Surface(from, nx, ny, nz);
        var st = Surface(to, nx, ny, nz);
        var result = new List<double>();
        for (int n = 0; n < from.Length; n++)
        {
            if (!sf[n])
                continue;
            double best = double.PositiveInfinity;
            for (int m = 0; m < to.Length; m++)
            {
                if (!st[m])
                    continue;
                double dx = (n % nx - m % nx) * s.X, dy = (n / nx % ny - m / nx % ny) * s.Y, dz = (n / (nx * ny) - m / (nx * ny)) * s.Z;
                best = Math.Min(best, Math.Sqrt(dx * dx + dy * dy + dz * dz));
            }
            result.Add(best);
        }
        return result;
    }

    private static bool[] Surface(bool[] x, int nx, int ny, int nz)
    {
        bool At(int i, int j, int k) => i >= 0 && j >= 0 && k >= 0 && i < nx && j < ny && k < nz && x[(k * ny + j) * nx + i];
        var result = new bool[x.Length];
        for (int n = 0; n < x.Length; n++)
        {
            int i = n % nx, j = n / nx % ny, k = n / (nx * ny);
            bool eroded = x[n] && At(i - 1, j, k) && At(i + 1, j, k) && At(i, j - 1, k) && At(i, j + 1, k) && At(i, j, k - 1) && At(i, j, k + 1);
            result[n] = x[n] && !eroded;
        }
        return result;
    }
}
