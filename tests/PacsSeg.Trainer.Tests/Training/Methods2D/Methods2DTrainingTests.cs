using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Training;
using PacsSeg.Trainer.Training.Methods2D;

namespace PacsSeg.Trainer.Tests.Training.Methods2D;

/// <summary>Each new 2D method trains a few iterations on a tiny phantom and its loss goes down.</summary>
public class Methods2DTrainingTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-m2d-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private TrainingResult Train(ITrainingMethod method, int iterations, int batch, Func<SegmentationNetwork> network)
    {
        var run = RunFolder.Create(_dir, method.Name, "2d", 0);
        var loop = new TrainingLoop(CardiacPatches.Plan(iterations, batch, seed: 3) with { Architecture = "unet2d", Widths = [16] }, method, network, run);
        return loop.Run(CardiacPatches.Make(0, 4, labeled: true), CardiacPatches.Make(100, 6, labeled: false));
    }

    private static void AssertLossWentDown(TrainingResult result) =>
        Assert.That(result.Losses.TakeLast(5).Average(), Is.LessThan(result.Losses.Take(5).Average() * 0.9));

    [Test]
    public void SpcMeanTeacher_OnTinyPhantom_LossGoesDownAndCheckpointsTheProjectionHead()
    {
        var result = Train(new SpcMeanTeacher(featureChannels: 8), 30, 2, () => new TinySegNet(4));

        AssertLossWentDown(result);
        var state = SafeTensors.Load(Path.Combine(_dir, "spc-mt__2d__0", "checkpoints", result.LastCheckpoint.StudentWeights));
        Assert.That(state.Keys, Has.Some.StartsWith("heads.projection."));
        Assert.That(NetworkWithHeads.BackboneState(state).Keys, Is.EquivalentTo(new TinySegNet(4).StateDict().Keys));
    }

    [Test]
    public void SpcCopyPaste_OnTinyPhantom_LossGoesDownInSelfTraining()
    {
        var result = Train(new SpcCopyPaste(featureChannels: 8, preTrainIterations: 0), 30, 2, () => new TinySegNet(4));

        AssertLossWentDown(result);
        Assert.That(File.ReadAllLines(Path.Combine(_dir, "spc-bcp__2d__0", "log.csv"))[^1], Does.Contain("pc=").And.Contain("stage=1"));
    }

    [Test]
    public void LocalContrastive_OnTinyPhantom_LossGoesDownWithTheContrastiveTerm()
    {
        var result = Train(new LocalContrastiveSelfTraining(featureChannels: 8, baselineIterations: 0), 30, 2, () => new TinySegNet(4));

        AssertLossWentDown(result);
        Assert.That(File.ReadAllLines(Path.Combine(_dir, "local-contrastive__2d__0", "log.csv"))[^1], Does.Contain("lc="));
    }

    [Test]
    public void Pccs_OnTinyPhantom_LossGoesDownWithPrototypeTerms()
    {
        var method = new PrototypeContrastiveConsistency(warmUpIterations: 0, prototypeStart: 0);

        var result = Train(method, 25, 2, () => NetworkFactory.Create("unet2d", 1, 4, dropout: false));

        AssertLossWentDown(result);
        string last = File.ReadAllLines(Path.Combine(_dir, "pccs__2d__0", "log.csv"))[^1];
        Assert.That(last, Does.Contain("ctr=").And.Contain("aux="));
    }

    [Test]
    public void Registry_KnowsTheNewMethodsByName()
    {
        foreach (string name in new[] { "pccs", "spc-mt", "spc-bcp", "local-contrastive" })
            Assert.That(TrainingMethods.Create(name).Name, Is.EqualTo(name));
    }
}
