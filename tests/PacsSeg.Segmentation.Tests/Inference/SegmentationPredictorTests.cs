using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Tests.Inference;

public class SegmentationPredictorTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("pacsseg-pred-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private string SavePackage(Dictionary<string, string>? hyperparameters = null)
    {
        TorchRuntime.ManualSeed(11);
        using var net = NetworkFactory.Create("unet2d", 1, 3);
        return ModelPackage.Save(dir, new ModelManifest
        {
            Name = "phantom",
            Version = "1",
            Architecture = "unet2d",
            InputChannels = 1,
            Classes = [new("background", [0, 0, 0]), new("organ", [255, 0, 0]), new("lesion", [0, 255, 0])],
            TargetSpacing = [1.5, 1.5, 3.0],
            Normalization = new IntensityNormalization { Kind = "clip-zscore", Min = -200, Max = 300 },
            PatchSize = [32, 32],
            Hyperparameters = hyperparameters ?? new(),
        }, net);
    }

    // A CT-like phantom with 1 x 1 x 2.5 mm voxels: a bright sphere in soft tissue.
    private static Volume<float> Phantom()
    {
        var g = new VolumeGeometry(40, 36, 10, new Vec3(-20, -18, 5), new Vec3(1, 1, 2.5), Mat3.Identity);
        var v = new Volume<float>(g);
        for (int k = 0; k < g.SizeZ; k++)
            for (int j = 0; j < g.SizeY; j++)
                for (int i = 0; i < g.SizeX; i++)
                {
                    double r = Math.Sqrt((i - 20) * (i - 20) + (j - 18) * (j - 18) + (k - 5) * 2.5 * (k - 5) * 2.5);
                    v[i, j, k] = r < 9 ? 250 : 40 + (i * 7 + j * 3) % 11;
                }
        return v;
    }

    [Test]
    public void Predict_ReturnsLabelsAndUncertaintyOnTheSourceGrid()
    {
        using var predictor = SegmentationPredictor.Load(SavePackage());
        var image = Phantom();
        var fractions = new List<double>();
        var result = predictor.Predict(image, new PredictionOptions { MirrorTta = true }, new SyncProgress(fractions.Add));
        Assert.Multiple(() =>
        {
            Assert.That(result.Labels.Geometry.SameGridAs(image.Geometry), Is.True);
            Assert.That(result.Uncertainty.Geometry.SameGridAs(image.Geometry), Is.True);
            Assert.That(result.Labels.Voxels, Has.All.LessThan((byte)3));
            Assert.That(result.Uncertainty.Voxels, Has.All.InRange(0f, 1f));
            Assert.That(result.Uncertainty.Voxels.Max(), Is.GreaterThan(0f), "a random network is never fully certain");
            Assert.That(result.Samples, Is.EqualTo(4));
            Assert.That(fractions, Is.Not.Empty);
            Assert.That(fractions[^1], Is.EqualTo(1.0));
        });
    }

    [Test]
    public void Predict_TwiceWithMcDropout_GivesIdenticalResults()
    {
        using var predictor = SegmentationPredictor.Load(SavePackage());
        var image = Phantom();
        var options = new PredictionOptions { DropoutSamples = 2, Seed = 7 };
        var a = predictor.Predict(image, options);
        var b = predictor.Predict(image, options);
        Assert.That(b.Labels.Voxels, Is.EqualTo(a.Labels.Voxels));
        Assert.That(b.Uncertainty.Voxels, Is.EqualTo(a.Uncertainty.Voxels));
    }

    [Test]
    public void Predict_WithMirrorTta_ChangesTheUncertainty()
    {
        using var predictor = SegmentationPredictor.Load(SavePackage());
        var image = Phantom();
        var plain = predictor.Predict(image);
        var tta = predictor.Predict(image, new PredictionOptions { MirrorTta = true });
        double diff = plain.Uncertainty.Voxels.Zip(tta.Uncertainty.Voxels, (x, y) => Math.Abs(x - y)).Max();
        Assert.That(diff, Is.GreaterThan(1e-4));
    }

    [Test]
    public void Predict_WithLargestComponentForAll_LeavesOneComponentPerClass()
    {
        using var predictor = SegmentationPredictor.Load(SavePackage(new() { [SegmentationPredictor.LargestComponentKey] = "all" }));
        Assert.That(predictor.LargestComponentClasses, Is.EquivalentTo(new[] { 1, 2 }));
        var image = Phantom();
        var result = predictor.Predict(image);
        // On the source grid, nearest resampling of one component per class stays one component per class.
        var components = PacsSeg.Imaging.Processing.ConnectedComponents.Label(result.Labels);
        Assert.That(components.Values.GroupBy(v => v).Select(g => g.Count()), Has.All.EqualTo(1));
    }

    [Test]
    public void Load_WhenLargestComponentNamesAnUnknownClass_Throws()
    {
        string path = SavePackage(new() { [SegmentationPredictor.LargestComponentKey] = "spleen" });
        var e = Assert.Throws<ArgumentException>(() => SegmentationPredictor.Load(path));
        Assert.That(e!.Message, Does.Contain("spleen"));
    }

    [Test]
    public void Normalize_ClipZScore_ClipsBeforeStandardizing()
    {
        var g = VolumeGeometry.Axial(4, 1, 1, new Vec3(1, 1, 1));
        var v = new Volume<float>(g, [-1000, 0, 100, 5000]);
        var n = IntensityNormalizer.Apply(v, new IntensityNormalization { Kind = "clip-zscore", Min = -100, Max = 100 });
        // Clipped to [-100, 0, 100, 100]: mean 25, std sqrt(6875).
        double std = Math.Sqrt(6875);
        Assert.That(n.Voxels, Is.EqualTo(new[] { -125 / std, -25 / std, 75 / std, 75 / std }).Within(1e-5));
    }

    private sealed class SyncProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
