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

    private static TrainingPlan TinyPlan(int iterations, int batch) => new()
    {
        Name = "2d",
        DatasetName = "tiny",
        Dimensionality = 2,
        PatchSize = [32, 32, 1],
        TargetSpacing = [1.5, 1.5, 8],
        Normalization = new IntensityNormalization(NormalizationScheme.MinMaxPerImage),
        ClassNames = CardiacPhantom.ClassNames,
        Architecture = "unet2d",
        Widths = [16],
        LabeledBatchSize = batch,
        UnlabeledBatchSize = batch,
        Iterations = iterations,
        LearningRate = 0.05,
        ConsistencyRampLength = 0,
        Seed = 3,
    };

    private static List<ImagePatch> Patches(int first, int count, bool labeled)
    {
        var result = new List<ImagePatch>();
        for (int s = first; s < first + count; s++)
        {
            var c = CardiacPhantom.Generate(s, CardiacPhantomOptions.TwoD(48));
            var image = (float[])c.Image.Voxels.Clone();
            new IntensityNormalization(NormalizationScheme.MinMaxPerImage).Apply(image);
            var patch = SpatialTransforms.Crop(new ImagePatch(image, c.Label.Voxels, 48, 48, 1), 8, 8, 0, 32, 32, 1);
            result.Add(labeled ? patch : new ImagePatch(patch.Image, null, 32, 32, 1));
        }
        return result;
    }

    private TrainingResult Train(ITrainingMethod method, int iterations, int batch, Func<SegmentationNetwork> network)
    {
        var run = RunFolder.Create(_dir, method.Name, "2d", 0);
        var loop = new TrainingLoop(TinyPlan(iterations, batch), method, network, run);
        return loop.Run(Patches(0, 4, labeled: true), Patches(100, 6, labeled: false));
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
