using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;
using PacsSeg.Trainer.Cli;
using PacsSeg.Trainer.Training;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Planning;

namespace PacsSeg.Trainer.Tests.Cli;

[NonParallelizable]
public class TrainerCommandLineTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-cli-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void PhantomThenPlan_WriteDatasetFingerprintAndPlan()
    {
        string ds = Path.Combine(_dir, "ds");

        int phantom = TrainerCommandLine.Run(["phantom", ds, "--kind", "Cardiac2D", "--labeled", "2", "--unlabeled", "2", "--test", "1", "--size", "48", "--seed", "3"]);
        int plan = TrainerCommandLine.Run(["plan", ds, "--iterations", "50", "--labeled-batch", "2", "--unlabeled-batch", "2"]);

        Assert.That(phantom, Is.EqualTo(0));
        Assert.That(plan, Is.EqualTo(0));
        Assert.That(DatasetFolder.Load(ds).Unlabeled.Count(), Is.EqualTo(2));
        var written = StageJson.Read<TrainingPlan>(Path.Combine(ds, "plan_2d.json"));
        Assert.That(written.Iterations, Is.EqualTo(50));
        Assert.That(written.BatchSize, Is.EqualTo(4));
        Assert.That(File.Exists(Path.Combine(ds, DatasetFingerprint.FileName)), Is.True);
    }

    [Test]
    public void FitThenEvaluate_MeanTeacherWithUNet2D_WritesCheckpointAndMetrics()
    {
        string ds = Path.Combine(_dir, "ds"), runs = Path.Combine(_dir, "runs");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "2", "--unlabeled", "2", "--test", "1", "--size", "32"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", ds, "--labeled-batch", "1", "--unlabeled-batch", "1", "--iterations", "2"]), Is.EqualTo(0));

        int rc = TrainerCommandLine.Run(["fit", ds, "--method", "mean-teacher", "--runs", runs]);

        Assert.That(rc, Is.EqualTo(0));
        string run = Path.Combine(runs, "mean-teacher__2d__0");
        var info = StageJson.Read<PacsSeg.Trainer.Training.CheckpointInfo>(Path.Combine(run, "checkpoints", "checkpoint_000002.json"));
        Assert.That(info.Step, Is.EqualTo(2));
        Assert.That(File.Exists(Path.Combine(run, "checkpoints", info.TeacherWeights!)), Is.True);
        Assert.That(File.ReadAllLines(Path.Combine(run, "log.csv")), Has.Length.EqualTo(3));

        Assert.That(TrainerCommandLine.Run(["evaluate", ds, "--run", run, "--teacher"]), Is.EqualTo(0));
        Assert.That(File.ReadAllLines(Path.Combine(run, "metrics_test_000002_teacher.csv")), Has.Length.EqualTo(1 + 4 + 4));
    }

    [Test]
    public void Fit_WritesModelPackageThatLoadsBackWithTheTrainedWeights()
    {
        string ds = Path.Combine(_dir, "ds"), runs = Path.Combine(_dir, "runs");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "2", "--unlabeled", "1", "--test", "1", "--size", "32"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", ds, "--labeled-batch", "1", "--unlabeled-batch", "1", "--iterations", "2"]), Is.EqualTo(0));

        Assert.That(TrainerCommandLine.Run(["fit", ds, "--method", "supervised", "--runs", runs]), Is.EqualTo(0));

        string run = Path.Combine(runs, "supervised__2d__0");
        var packages = Directory.GetFiles(run, "*" + ModelPackage.Extension);
        Assert.That(packages, Has.Length.EqualTo(1));
        var (manifest, network) = ModelPackage.Load(packages[0]);
        using var loaded = network;
        Assert.That(manifest.TrainingMethod, Is.EqualTo("supervised"));
        Assert.That(manifest.Architecture, Is.EqualTo("unet2d"));
        Assert.That(manifest.Classes, Has.Count.EqualTo(4));
        Assert.That(manifest.DataSummary, Does.Contain("2 labeled"));
        Assert.That(manifest.Metrics["dice_mean"], Is.InRange(0.0, 1.0));
        Assert.That(manifest.Normalization.Kind, Is.EqualTo("minmax"));

        var plan = StageJson.Read<TrainingPlan>(Path.Combine(ds, "plan_2d.json"));
        var info = StageJson.Read<CheckpointInfo>(Path.Combine(run, "checkpoints", "checkpoint_000002.json"));
        using var trained = RunPackager.LoadNetwork(RunFolder.Create(runs, "supervised", "2d", 0), plan, info.StudentWeights);
        trained.Eval();
        var input = Enumerable.Range(0, 32 * 32).Select(n => (float)Math.Sin(n * 0.37)).ToArray();
        using var x = Tensor.FromArray(input, 1, 1, 32, 32);
        using var noGrad = Autograd.NoGrad();
        var expected = trained.Forward(x).Logits.ToArray<float>();
        var actual = loaded.Forward(x).Logits.ToArray<float>();
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Fit_ResumeAfterLosingTheLastCheckpoint_FinishesTheRunAgain()
    {
        string ds = Path.Combine(_dir, "ds"), runs = Path.Combine(_dir, "runs");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "2", "--unlabeled", "0", "--test", "0", "--size", "32"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", ds, "--labeled-batch", "1", "--unlabeled-batch", "0", "--iterations", "2"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["fit", ds, "--method", "supervised", "--runs", runs, "--checkpoint-every", "1"]), Is.EqualTo(0));
        string checkpoints = Path.Combine(runs, "supervised__2d__0", "checkpoints");
        foreach (var f in Directory.GetFiles(checkpoints, "*000002*"))
            File.Delete(f);

        int rc = TrainerCommandLine.Run(["fit", ds, "--method", "supervised", "--runs", runs, "--resume"]);

        Assert.That(rc, Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(checkpoints, "checkpoint_000002.json")), Is.True);
        Assert.That(File.ReadAllLines(Path.Combine(runs, "supervised__2d__0", "log.csv")), Has.Length.EqualTo(3));
        Assert.That(File.Exists(Path.Combine(runs, "supervised__2d__0", "curves.png")), Is.True);
    }

    [Test]
    public void Fit_ResumeWithoutCheckpoint_ExitsOne()
    {
        string ds = Path.Combine(_dir, "ds");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "1", "--unlabeled", "0", "--test", "0", "--size", "32"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", ds, "--labeled-batch", "1", "--unlabeled-batch", "0", "--iterations", "1"]), Is.EqualTo(0));

        Assert.That(TrainerCommandLine.Run(["fit", ds, "--method", "supervised", "--runs", Path.Combine(_dir, "runs"), "--resume"]), Is.EqualTo(1));
    }

    [Test]
    public void Evaluate_RunWithoutCheckpoints_ExitsOne()
    {
        string ds = Path.Combine(_dir, "ds");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "1", "--unlabeled", "0", "--test", "1", "--size", "32"]), Is.EqualTo(0));

        Assert.That(TrainerCommandLine.Run(["evaluate", ds, "--run", Path.Combine(_dir, "nowhere")]), Is.EqualTo(1));
    }

    [Test]
    public void Fit_UnknownMethod_IsAUsageError()
    {
        Assert.That(TrainerCommandLine.Run(["fit", _dir, "--method", "magic"]), Is.Not.EqualTo(0));
    }

    [Test]
    public void Phantom_IntoNonEmptyFolder_FailsWithoutTouchingIt()
    {
        File.WriteAllText(Path.Combine(_dir, "x.txt"), "keep");

        int rc = TrainerCommandLine.Run(["phantom", _dir, "--labeled", "1", "--unlabeled", "0", "--test", "0", "--size", "32"]);

        Assert.That(rc, Is.EqualTo(1));
        Assert.That(Directory.GetFileSystemEntries(_dir), Has.Length.EqualTo(1));
    }

    [Test]
    public void Plan_OnMissingFolder_ExitsOne()
    {
        Assert.That(TrainerCommandLine.Run(["plan", Path.Combine(_dir, "nothing")]), Is.EqualTo(1));
    }

    [Test]
    public void UnknownOption_IsAUsageError()
    {
        Assert.That(TrainerCommandLine.Run(["phantom", _dir, "--bogus"]), Is.Not.EqualTo(0));
    }
}
