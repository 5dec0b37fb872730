using PacsSeg.Imaging.Geometry;
using PacsSeg.Imaging.Inference;

namespace PacsSeg.Imaging.Tests.Inference;

public class SlidingWindowTests
{
    [TestCase(10, 4, 0.5, new[] { 0, 2, 4, 6 })]
    [TestCase(11, 4, 0.5, new[] { 0, 2, 4, 5, 7 })] // step 1.75: 0, 1.75, 3.5, 5.25, 7 rounded half to even
    [TestCase(3, 4, 0.5, new[] { 0 })]
    [TestCase(8, 4, 0.0, new[] { 0, 4 })]
    [TestCase(9, 4, 0.0, new[] { 0, 2, 5 })] // 3 steps needed, spread as 0, 2.5, 5
    public void Steps_SpreadPatchesEvenlyWithAtLeastTheOverlap(int image, int patch, double overlap, int[] expected)
    {
        Assert.That(SlidingWindowTiler.Steps(image, patch, overlap), Is.EqualTo(expected));
    }

    [Test]
    public void Tile_CoversEveryVoxel()
    {
        var boxes = SlidingWindowTiler.Tile(13, 7, 5, 4, 4, 3, 0.25);
        var covered = new bool[13 * 7 * 5];
        foreach (var b in boxes)
            for (int z = b.Z; z < b.Z + b.SizeZ && z < 5; z++)
                for (int y = b.Y; y < b.Y + b.SizeY && y < 7; y++)
                    for (int x = b.X; x < b.X + b.SizeX && x < 13; x++)
                        covered[(z * 7 + y) * 13 + x] = true;
        Assert.That(covered, Is.All.True);
    }

    [Test]
    public void GaussianImportanceMap_OneAxis_MatchesHandComputedValues()
    {
        var map = new GaussianImportanceMap(3, 1, 1, sigmaScale: 0.125);

        // sigma = 3/8; neighbours of the centre: exp(-1 / (2 * 9/64)) = exp(-32/9).
        float edge = (float)Math.Exp(-32.0 / 9.0);
        Assert.That(map.Weights.ToArray(), Is.EqualTo(new[] { edge, 1f, edge }).Within(1e-7));
    }

    [Test]
    public void GaussianImportanceMap_LargePatch_HasNoZeroWeights()
    {
        var map = new GaussianImportanceMap(64, 64, 64, sigmaScale: 0.02);

        Assert.That(map.Weights.ToArray().Min(), Is.GreaterThan(0f));
        Assert.That(map.Weights[(32 * 64 + 32) * 64 + 32], Is.EqualTo(1f));
    }

    [Test]
    public void Merger_TwoOverlappingPatchesWithConstantPredictions_GiveWeightedMeanInOverlap()
    {
        // 1D image of 5 voxels, patches of 3 at x = 0 and x = 2; they overlap at x = 2.
        var map = new GaussianImportanceMap(3, 1, 1);
        float edge = map.Weights[0];
        var merger = new SlidingWindowMerger(2, 5, 1, 1, map);

        merger.Add(new PatchBox(0, 0, 0, 3, 1, 1), [1, 1, 1, 0, 0, 0]);       // class 0 everywhere
        merger.Add(new PatchBox(2, 0, 0, 3, 1, 1), [0, 0, 0, 1, 1, 1]);       // class 1 everywhere
        var p = merger.Finish();

        // x = 2 is the right edge of the first patch (weight edge) and the left edge of the second (weight edge): 0.5 each.
        Assert.That(p[0], Is.EqualTo(new[] { 1f, 1f, 0.5f, 0f, 0f }).Within(1e-6));
        Assert.That(p[1], Is.EqualTo(new[] { 0f, 0f, 0.5f, 1f, 1f }).Within(1e-6));
        Assert.That(edge, Is.LessThan(1f));
    }

    [Test]
    public void Merger_UnequalWeightsInOverlap_WeighTheCentreMore()
    {
        // Patches of 3 at x = 0 and x = 1 on a 4-voxel image: x = 1 is the first patch's centre (weight 1)
        // and the second patch's edge (weight e), so p = 1 / (1 + e) for the first patch's class.
        var map = new GaussianImportanceMap(3, 1, 1);
        float e = map.Weights[0];
        var merger = new SlidingWindowMerger(1, 4, 1, 1, map);

        merger.Add(new PatchBox(0, 0, 0, 3, 1, 1), [1, 1, 1]);
        merger.Add(new PatchBox(1, 0, 0, 3, 1, 1), [0, 0, 0]);
        var p = merger.Finish()[0];

        Assert.That(p[1], Is.EqualTo(1f / (1f + e)).Within(1e-6));
        Assert.That(p[2], Is.EqualTo(e / (e + 1f)).Within(1e-6));
    }

    [Test]
    public void Merger_NonFinitePrediction_Throws()
    {
        var merger = new SlidingWindowMerger(1, 3, 1, 1, new GaussianImportanceMap(3, 1, 1));

        Assert.Throws<ArgumentException>(() => merger.Add(new PatchBox(0, 0, 0, 3, 1, 1), [0, float.NaN, 0]));
    }

    [Test]
    public void Run_IdentityPredictorOnImageSmallerThanPatch_ReturnsTheImage()
    {
        var g = VolumeGeometry.Axial(9, 7, 3, new Vec3(1, 1, 2));
        var image = new Volume<float>(g);
        for (int n = 0; n < image.Voxels.Length; n++)
            image.Voxels[n] = n * 0.25f;
        var inference = new SlidingWindowInference(4, 4, 4, classes: 1, overlap: 0.5);
        int calls = 0;

        var result = inference.Run([image], (input, output) => { calls++; input.CopyTo(output); }, padValue: -1);

        Assert.That(calls, Is.EqualTo(4 * 3 * 1));
        Assert.That(result[0].Voxels, Is.EqualTo(image.Voxels).Within(1e-4));
        Assert.That(result[0].Geometry, Is.SameAs(g));
    }

    [Test]
    public void ExtractPatch_PastTheEdge_PadsWithPadValue()
    {
        var image = new Volume<float>(VolumeGeometry.Axial(2, 2, 1, new Vec3(1, 1, 1)), [1, 2, 3, 4]);
        var patch = new float[3 * 3];

        SlidingWindowInference.ExtractPatch(image, new PatchBox(1, 0, 0, 3, 3, 1), patch, padValue: -9);

        Assert.That(patch, Is.EqualTo(new float[] { 2, -9, -9, 4, -9, -9, -9, -9, -9 }));
    }
}
