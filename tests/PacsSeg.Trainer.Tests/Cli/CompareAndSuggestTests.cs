using System.Globalization;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Trainer.Cli;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;

namespace PacsSeg.Trainer.Tests.Cli;

/// <summary><c>train compare</c> and <c>train suggest</c> on a tiny 2D phantom dataset.</summary>
[NonParallelizable]
public class CompareAndSuggestTests
{
    private string _dir = "";
    private string Ds => Path.Combine(_dir, "ds");
    private string Runs => Path.Combine(_dir, "runs");

    [SetUp]
    public void SetUp()
    {
        _dir = Directory.CreateTempSubdirectory("pacsseg-compare-").FullName;
        Assert.That(TrainerCommandLine.Run(["phantom", Ds, "--labeled", "2", "--unlabeled", "3", "--test", "1", "--size", "32", "--seed", "5"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", Ds, "--labeled-batch", "1", "--unlabeled-batch", "1", "--iterations", "3"]), Is.EqualTo(0));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Compare_TwoMethods_TrainsBothAndTabulatesTheirTestMetrics_ThenReusesFinishedRuns()
    {
        int rc = TrainerCommandLine.Run(["compare", Ds, "--methods", "supervised,mean-teacher", "--iterations", "2", "--runs", Runs]);

        Assert.That(rc, Is.EqualTo(0));
        string table = File.ReadAllText(Path.Combine(Runs, "compare__2d__0.md"));
        foreach (var method in new[] { "supervised", "mean-teacher" })
        {
            string run = Path.Combine(Runs, $"{method}__2d__0");
            var mean = File.ReadLines(Path.Combine(run, "metrics_test.csv")).Single(l => l.StartsWith("average,mean,", StringComparison.Ordinal)).Split(',');
            double dice = double.Parse(mean[2], CultureInfo.InvariantCulture) * 100;
            Assert.That(table, Does.Contain($"| {method} | {dice.ToString("0.00", CultureInfo.InvariantCulture)} |"), "the table row carries the run's own test Dice");
            Assert.That(RunComparison.Read(method, run).Iterations, Is.EqualTo(2));
        }
        Assert.That(table, Does.Contain("| supervised | ").And.Contain("| 0.00 |"), "supervised is its own baseline");

        var package = Directory.GetFiles(Path.Combine(Runs, "supervised__2d__0"), "*" + ModelPackage.Extension).Single();
        var written = File.GetLastWriteTimeUtc(package);
        Assert.That(TrainerCommandLine.Run(["compare", Ds, "--methods", "supervised", "--runs", Runs]), Is.EqualTo(0));
        Assert.That(File.GetLastWriteTimeUtc(package), Is.EqualTo(written), "a finished run is reused, not trained again");
    }

    [Test]
    public void Compare_UnknownMethod_ExitsOneBeforeTrainingAnything()
    {
        Assert.That(TrainerCommandLine.Run(["compare", Ds, "--methods", "supervised", "no-such-method", "--runs", Runs]), Is.EqualTo(1));
        Assert.That(Directory.Exists(Runs), Is.False);
    }

    [Test]
    public void Suggest_RanksEveryUnlabeledCaseByTheModelsOwnUncertainty()
    {
        Assert.That(TrainerCommandLine.Run(["fit", Ds, "--method", "supervised", "--runs", Runs]), Is.EqualTo(0));
        string run = Path.Combine(Runs, "supervised__2d__0");

        int rc = TrainerCommandLine.Run(["suggest", Ds, "--run", run, "--top", "2"]);

        Assert.That(rc, Is.EqualTo(0));
        var rows = File.ReadAllLines(Path.Combine(Ds, "suggestions.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var dataset = DatasetFolder.Load(Ds);
        Assert.That(rows.Select(r => r[1]), Is.EquivalentTo(dataset.Unlabeled.Select(c => c.Id)));
        Assert.That(rows.Select(r => int.Parse(r[0], CultureInfo.InvariantCulture)), Is.EqualTo(new[] { 1, 2, 3 }));
        var scores = rows.Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToList();
        Assert.That(scores, Is.Ordered.Descending);
        Assert.That(scores, Has.All.InRange(0.0, 1.0));
        Assert.That(scores[0], Is.GreaterThan(0), "an almost untrained model is unsure somewhere");

        // The top case's score is the mean of the predictor's own uncertainty map with the same options.
        using var predictor = SegmentationPredictor.Load(Directory.GetFiles(run, "*" + ModelPackage.Extension).Single());
        var top = dataset.Unlabeled.Single(c => c.Id == rows[0][1]);
        var prediction = predictor.Predict(dataset.ReadImage(top), new PredictionOptions { MirrorTta = true });
        Assert.That(scores[0], Is.EqualTo(prediction.Uncertainty.Voxels.Average(v => (double)v)).Within(1e-5));
    }

    [Test]
    public void Suggest_WithoutAPackageOrWithBothSources_ExitsOneAndSaysWhy()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty-run"));
        Assert.That(TrainerCommandLine.Run(["suggest", Ds, "--run", Path.Combine(_dir, "empty-run")]), Is.EqualTo(1));
        Assert.That(TrainerCommandLine.Run(["suggest", Ds]), Is.EqualTo(1));
        Assert.That(TrainerCommandLine.Run(["suggest", Ds, "--run", _dir, "--model", Path.Combine(_dir, "x.pacsseg")]), Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(Ds, "suggestions.csv")), Is.False);
    }

    [Test]
    public void Score_HandValues_MeanOverAllVoxelsAndOverTheFoundStructure()
    {
        var geometry = VolumeGeometry.Axial(2, 2, 1, new Vec3(2, 2, 5));
        var labels = new Volume<byte>(geometry, [0, 1, 1, 0]);
        var uncertainty = new Volume<float>(geometry, [0.1f, 0.5f, 0.3f, 0f]);

        var score = UncertaintyRanking.Score("c", new SegmentationPrediction(labels, uncertainty, 8));

        Assert.That(score.MeanUncertainty, Is.EqualTo(0.225).Within(1e-7));
        Assert.That(score.ForegroundUncertainty, Is.EqualTo(0.4).Within(1e-7));
        Assert.That(score.ForegroundVoxels, Is.EqualTo(2));
        Assert.That(score.ForegroundMl, Is.EqualTo(2 * 20 / 1000.0).Within(1e-12));
    }
}
