using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class TrainingLoopTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-run-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void SupervisedOnly_OnTinyPhantom_LossGoesDownAndRunFolderIsComplete()
    {
        var run = RunFolder.Create(_dir, "supervised", "2d", 0);
        var loop = new TrainingLoop(CardiacPatches.Plan(40), new SupervisedOnly(), () => new TinySegNet(4), run);

        var result = loop.Run(CardiacPatches.Make(0, 6, labeled: true), []);

        Assert.That(result.Losses.TakeLast(5).Average(), Is.LessThan(result.Losses.Take(5).Average() * 0.85));
        Assert.That(File.ReadAllLines(run.LogFile), Has.Length.EqualTo(41));
        Assert.That(result.LastCheckpoint.Step, Is.EqualTo(40));
        Assert.That(result.LastCheckpoint.TeacherWeights, Is.Null);
        Assert.That(File.Exists(Path.Combine(run.CheckpointDirectory, result.LastCheckpoint.StudentWeights)), Is.True);
        var info = StageJson.Read<CheckpointInfo>(Path.Combine(run.CheckpointDirectory, "checkpoint_000040.json"));
        Assert.That(info.Method, Is.EqualTo("supervised"));
        Assert.That(info.LabeledCases, Is.EqualTo(6));
        Assert.That(File.Exists(run.ConfigFile), Is.True);
        Assert.That(run.Path, Does.EndWith("supervised__2d__0"));
    }

    [Test]
    public void MeanTeacher_OnTinyPhantom_LossGoesDownAndSavesTheTeacher()
    {
        var run = RunFolder.Create(_dir, "mean-teacher", "2d", 0);
        var loop = new TrainingLoop(CardiacPatches.Plan(30) with { LabeledBatchSize = 3, UnlabeledBatchSize = 3 }, new MeanTeacher(consistencyStart: 0), () => new TinySegNet(4), run);

        var result = loop.Run(CardiacPatches.Make(0, 4, labeled: true), CardiacPatches.Make(100, 8, labeled: false));

        Assert.That(result.Losses.TakeLast(5).Average(), Is.LessThan(result.Losses.Take(5).Average() * 0.85));
        Assert.That(result.LastCheckpoint.TeacherWeights, Is.Not.Null);
        Assert.That(File.Exists(Path.Combine(run.CheckpointDirectory, result.LastCheckpoint.TeacherWeights!)), Is.True);
        Assert.That(File.ReadAllLines(run.LogFile)[^1], Does.Contain("cons="));
    }

    [Test]
    public void UaMt_OnTinyPhantom_LossGoesDownAndLogsTheCertainFraction()
    {
        var run = RunFolder.Create(_dir, "ua-mt", "2d", 0);
        var loop = new TrainingLoop(CardiacPatches.Plan(30) with { LabeledBatchSize = 3, UnlabeledBatchSize = 3 },
            new UncertaintyAwareMeanTeacher(passes: 2, consistencyStart: 0), () => new TinySegNet(4), run);

        var result = loop.Run(CardiacPatches.Make(0, 4, labeled: true), CardiacPatches.Make(100, 6, labeled: false));

        Assert.That(result.Losses.TakeLast(5).Average(), Is.LessThan(result.Losses.Take(5).Average() * 0.85));
        Assert.That(File.ReadAllLines(run.LogFile)[^1], Does.Contain("certain="));
    }

    [Test]
    public void SupervisedOnly_SameSeed_GivesSameLosses()
    {
        var a = new TrainingLoop(CardiacPatches.Plan(4), new SupervisedOnly(), () => new TinySegNet(4), RunFolder.Create(_dir, "a", "2d", 0)).Run(CardiacPatches.Make(0, 4, true), []);
        var b = new TrainingLoop(CardiacPatches.Plan(4), new SupervisedOnly(), () => new TinySegNet(4), RunFolder.Create(_dir, "b", "2d", 0)).Run(CardiacPatches.Make(0, 4, true), []);

        Assert.That(b.Losses, Is.EqualTo(a.Losses).Within(1e-5));
    }

    [Test]
    public void RunFolder_WithPathInMethodName_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => RunFolder.Create(_dir, "../x", "2d", 0));
    }
}
