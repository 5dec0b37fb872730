using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Tests.Planning;

public class PlanningTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-plan-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Fingerprint_Cardiac2D_ReportsSizesSpacingsAndClassFractions()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, new PhantomDatasetOptions { Kind = PhantomKind.Cardiac2D, Labeled = 3, Unlabeled = 2, Test = 1, Size = 64 });

        var f = Fingerprinter.Compute(DatasetFolder.Load(root));

        Assert.That(f.Cases, Has.Count.EqualTo(5), "test cases are not fingerprinted");
        Assert.That(f.MedianSize, Is.EqualTo(new double[] { 64, 64, 1 }));
        Assert.That(f.MedianSpacing[0], Is.EqualTo(1.5).Within(1e-6));
        Assert.That(f.IsTwoDimensional, Is.True);
        Assert.That(f.ClassFractions.Sum(), Is.EqualTo(1.0).Within(1e-9));
        Assert.That(f.ClassFractions[0], Is.GreaterThan(0.6), "background dominates");
        Assert.That(f.ClassFractions.Skip(1), Has.All.GreaterThan(0.002));
        var i = f.ForegroundIntensity;
        Assert.That(i.Percentile00_5, Is.LessThanOrEqualTo(i.Median));
        Assert.That(i.Median, Is.LessThanOrEqualTo(i.Percentile99_5));
        Assert.That(i.Std, Is.GreaterThan(0));
        Assert.That(f.LabeledCount, Is.EqualTo(3));
    }

    [Test]
    public void Plan_Cardiac2D_IsTwoDimensionalMinMaxWithTheImageAsPatch()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, new PhantomDatasetOptions { Kind = PhantomKind.Cardiac2D, Labeled = 2, Unlabeled = 1, Test = 0, Size = 80 });
        var f = Fingerprinter.Compute(DatasetFolder.Load(root));

        var plan = Planner.Create(f);

        Assert.That(plan.Dimensionality, Is.EqualTo(2));
        Assert.That(plan.PatchSize, Is.EqualTo(new[] { 80, 80, 1 }));
        Assert.That(plan.Normalization.Scheme, Is.EqualTo(NormalizationScheme.MinMaxPerImage));
        Assert.That(plan.ClassCount, Is.EqualTo(4));
        Assert.That(plan.BatchSize, Is.EqualTo(24));
        Assert.That(plan.Architecture, Is.EqualTo("unet2d"));
    }

    [Test]
    public void Plan_AbdominalCt_ClipsToForegroundPercentilesAndPlansThreeD()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, new PhantomDatasetOptions { Kind = PhantomKind.Abdominal3D, Labeled = 2, Unlabeled = 1, Test = 0, Size = 48, Slices = 24 });
        var f = Fingerprinter.Compute(DatasetFolder.Load(root));

        var plan = Planner.Create(f);

        Assert.That(plan.Dimensionality, Is.EqualTo(3));
        Assert.That(plan.PatchSize, Is.EqualTo(new[] { 48, 48, 16 }));
        Assert.That(plan.Normalization.Scheme, Is.EqualTo(NormalizationScheme.CtClipZScore));
        Assert.That(plan.Normalization.ClipLow, Is.EqualTo(f.ForegroundIntensity.Percentile00_5));
        Assert.That(plan.Normalization.Mean, Is.InRange(20.0, 90.0), "organ HU");
    }

    [Test]
    public void Plan_LargeIsotropicVolumes_ShrinkPatchToTheVoxelBudget()
    {
        var f = Fingerprint(size: [200, 200, 200], spacing: [1, 1, 1]);

        var plan = Planner.Create(f);

        Assert.That(plan.PatchSize, Is.EqualTo(new[] { 96, 96, 96 }));
        Assert.That(plan.PatchSize.All(p => p % 16 == 0), Is.True);
    }

    [Test]
    public void Plan_ThickSlices_GoesSliceWise()
    {
        var f = Fingerprint(size: [256, 216, 10], spacing: [1.4, 1.4, 10]);

        var plan = Planner.Create(f);

        Assert.That(plan.Dimensionality, Is.EqualTo(2));
        Assert.That(plan.PatchSize, Is.EqualTo(new[] { 256, 208, 1 }));
    }

    [Test]
    public void Plan_LearningRateAndSchedule_DefaultPerDimensionalityOrAsGiven()
    {
        var f = Fingerprint(size: [120, 100, 40], spacing: [0.8, 0.8, 2.5]);

        var defaults = Planner.Create(f, new PlanOptions { Dimensionality = 2 });
        var given = Planner.Create(f, new PlanOptions { Dimensionality = 2, LearningRate = 0.03, Schedule = LearningRateSchedule.Constant });

        Assert.That((defaults.LearningRate, defaults.Schedule), Is.EqualTo((0.01, LearningRateSchedule.Poly)));
        Assert.That(Planner.Create(f, new PlanOptions { Dimensionality = 3 }).Schedule, Is.EqualTo(LearningRateSchedule.Step));
        Assert.That((given.LearningRate, given.Schedule), Is.EqualTo((0.03, LearningRateSchedule.Constant)));
        Assert.That(() => Planner.Create(f, new PlanOptions { LearningRate = 0 }), Throws.ArgumentException.With.Message.Contains("Learning rate"));
        Assert.That(() => Planner.Create(f, new PlanOptions { LearningRate = double.NaN }), Throws.ArgumentException);
    }

    [Test]
    public void PlanAndFingerprint_RoundTripThroughTheirFiles()
    {
        var f = Fingerprint(size: [120, 100, 40], spacing: [0.8, 0.8, 2.5]);
        var plan = Planner.Create(f);
        string fp = Path.Combine(_dir, DatasetFingerprint.FileName), pp = Path.Combine(_dir, TrainingPlan.FileNameFor(plan.Name));

        StageJson.Write(fp, f);
        StageJson.Write(pp, plan);
        var f2 = StageJson.Read<DatasetFingerprint>(fp);
        var plan2 = StageJson.Read<TrainingPlan>(pp);

        Assert.That(StageJson.Serialize(f2), Is.EqualTo(StageJson.Serialize(f)));
        Assert.That(StageJson.Serialize(plan2), Is.EqualTo(StageJson.Serialize(plan)));
        Assert.That(plan2.Normalization, Is.EqualTo(plan.Normalization));
    }

    [Test]
    public void Read_CorruptPlan_ThrowsDatasetFormatException()
    {
        string path = Path.Combine(_dir, "plan_2d.json");
        File.WriteAllText(path, "{ \"name\": ");

        Assert.Throws<DatasetFormatException>(() => StageJson.Read<TrainingPlan>(path));
    }

    [Test]
    public void Normalization_CtClipZScore_ClipsThenStandardises()
    {
        var n = new IntensityNormalization(NormalizationScheme.CtClipZScore, ClipLow: -100, ClipHigh: 300, Mean: 50, Std: 25);
        float[] data = [-1000, 50, 100, 1000];

        n.Apply(data);

        Assert.That(data, Is.EqualTo(new float[] { -6, 0, 2, 10 }));
    }

    [Test]
    public void Normalization_MinMaxAndZScore_HaveTheirRanges()
    {
        float[] a = [2, 4, 6, 10];
        float[] b = [2, 4, 6, 10];

        new IntensityNormalization(NormalizationScheme.MinMaxPerImage).Apply(a);
        new IntensityNormalization(NormalizationScheme.ZScorePerImage).Apply(b);

        Assert.That(a, Is.EqualTo(new float[] { 0, 0.25f, 0.5f, 1 }));
        Assert.That(b.Average(), Is.EqualTo(0).Within(1e-6));
        Assert.That(Math.Sqrt(b.Average(v => v * v)), Is.EqualTo(1).Within(1e-5));
    }

    private static DatasetFingerprint Fingerprint(int[] size, double[] spacing) => new()
    {
        DatasetName = "synthetic",
        Modality = "MRI",
        ClassNames = ["background", "a"],
        Cases = [new CaseFingerprint("c", CaseRole.Labeled, size, spacing)],
        MedianSize = size.Select(s => (double)s).ToArray(),
        MedianSpacing = spacing,
        Spacing10thPercentile = spacing,
        ForegroundIntensity = new IntensityStatistics(1, 1, 0, 2, 1, 0, 2),
        ClassFractions = [0.9, 0.1],
        LabeledCount = 1,
        UnlabeledCount = 0,
        TestCount = 0,
    };
}
