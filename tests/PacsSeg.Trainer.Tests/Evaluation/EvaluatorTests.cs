using PacsSeg.Imaging;
using PacsSeg.Imaging.Geometry;
using PacsSeg.Torch.Serialization;
using PacsSeg.Trainer.Data;
using PacsSeg.Trainer.Evaluation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Tests.Training;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Evaluation;

public class EvaluatorTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-eval-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Predict_SizeNotMultipleOfSixteen_KeepsTheImageGrid()
    {
        using var net = new TinySegNet(4);
        var geometry = VolumeGeometry.Axial(40, 36, 3, new Vec3(1.5, 1.5, 8), new Vec3(-10, 5, 2));
        var image = new Volume<float>(geometry, Enumerable.Range(0, 40 * 36 * 3).Select(n => (float)(n % 97)).ToArray());

        var labels = SliceWisePredictor.Predict(net, image, new IntensityNormalization(NormalizationScheme.MinMaxPerImage));

        Assert.That(labels.Geometry, Is.EqualTo(geometry));
        Assert.That(labels.Voxels, Is.All.LessThan(4));
        Assert.That(net.IsTraining, Is.True, "the network's mode is restored");
    }

    [Test]
    public void EvaluateTestSplit_TrainedNetwork_BeatsUntrainedOnDice()
    {
        string root = Path.Combine(_dir, "ds");
        PhantomDataset.Write(root, new PhantomDatasetOptions { Kind = PhantomKind.Cardiac2D, Labeled = 6, Unlabeled = 0, Test = 2, Size = 48, Seed = 2 });
        var dataset = DatasetFolder.Load(root);
        var plan = new TrainingPlan
        {
            Name = "2d", DatasetName = "t", Dimensionality = 2, PatchSize = [48, 48, 1], TargetSpacing = [1.5, 1.5, 8],
            Normalization = new IntensityNormalization(NormalizationScheme.MinMaxPerImage), ClassNames = CardiacPhantom.ClassNames,
            Architecture = "tiny", Widths = [8], LabeledBatchSize = 3, UnlabeledBatchSize = 0, Iterations = 40, LearningRate = 0.05, Seed = 3,
        };
        var data = TrainingData.Load(dataset, plan, includeUnlabeled: false);
        var run = RunFolder.Create(_dir, "supervised", "2d", 0);
        var result = new TrainingLoop(plan, new SupervisedOnly(), () => new TinySegNet(4), run).Run(data.Labeled, []);
        using var untrained = new TinySegNet(4);
        using var trained = new TinySegNet(4);
        var state = SafeTensors.Load(Path.Combine(run.CheckpointDirectory, result.LastCheckpoint.StudentWeights));
        trained.LoadStateDict(state);

        var before = Evaluator.EvaluateTestSplit(dataset, plan, untrained);
        var after = Evaluator.EvaluateTestSplit(dataset, plan, trained);

        Assert.That(after.PerCase, Has.Count.EqualTo(2));
        Assert.That(after.Average.Mean.Dice, Is.GreaterThan(before.Average.Mean.Dice + 0.1));
        Assert.That(after.ToCsv().Split('\n')[0], Is.EqualTo("case,class,dice,jaccard,hd95_vox,asd_vox,hd95_mm,asd_mm"));
    }
}
