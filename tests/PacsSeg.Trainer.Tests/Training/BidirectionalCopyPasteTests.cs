using PacsSeg.Torch;
using PacsSeg.Trainer.Augmentation;
using PacsSeg.Trainer.Phantoms;
using PacsSeg.Trainer.Planning;
using PacsSeg.Trainer.Processing;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class BidirectionalCopyPasteTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-bcp-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void Mix_ImagesAndLabels_TakeAWhereMaskIsOneAndBInTheBox()
    {
        // M = [[1, 0], [0, 1]] on a 2x2 image; a = 1..4, b = 10..40.
        using var mask = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 2);
        using var a = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 1, 1, 2, 2);
        using var b = Tensor.FromArray(new float[] { 10, 20, 30, 40 }, 1, 1, 2, 2);
        using var la = Tensor.FromArray(new long[] { 1, 1, 1, 1 }, 1, 2, 2);
        using var lb = Tensor.FromArray(new long[] { 3, 2, 0, 3 }, 1, 2, 2);

        Assert.That(BidirectionalCopyPaste.Mix(a, b, mask).ToArray<float>(), Is.EqualTo(new float[] { 1, 20, 30, 4 }));
        Assert.That(BidirectionalCopyPaste.Mix(la, lb, mask).ToArray<long>(), Is.EqualTo(new long[] { 1, 2, 0, 1 }));
    }

    [Test]
    public void MixLoss_UniformLogits_MatchesHandValues()
    {
        // Two classes, zero logits: p = 0.5 everywhere, per-pixel CE = ln 2 in both regions.
        // M = [1, 1, 0, 0] (1x4); inside target [1, 0, *, *], outside target [*, *, 1, 1].
        // Inside Dice: class 0: 1 − (2·0.5·1)/(0.25·2 + 1) = 1/3; class 1: the same → 1/3.
        // Outside Dice: class 0 absent: 1 − 0/(0.5) = 1; class 1: 1 − (2·0.5·2)/(0.5 + 2) = 0.2 → 0.6.
        using var logits = Tensor.Zeros([1, 2, 1, 4]);
        using var mask = Tensor.FromArray(new float[] { 1, 1, 0, 0 }, 1, 4);
        using var inside = Tensor.FromArray(new long[] { 1, 0, 0, 0 }, 1, 1, 4);
        using var outside = Tensor.FromArray(new long[] { 0, 0, 1, 1 }, 1, 1, 4);

        var (dice, ce) = BidirectionalCopyPaste.MixLoss(logits, inside, outside, mask, insideWeight: 0.5, outsideWeight: 1, classes: 2);

        Assert.That(dice.Item(), Is.EqualTo(0.5 / 3 + 0.6).Within(1e-4));
        Assert.That(ce.Item(), Is.EqualTo(1.5 * Math.Log(2)).Within(1e-5));
    }

    [Test]
    public void LargestComponents_KeepsOnlyTheBiggestBlobPerClass()
    {
        // 5x2: class 1 blobs of sizes 2 (diagonal counts as connected) and 1; class 2 blobs of 1 and 2.
        long[] labels = [1, 0, 0, 2, 1,
                         0, 1, 0, 2, 2];
        long[] expected = [1, 0, 0, 2, 0,
                           0, 1, 0, 2, 2];
        LargestComponents.KeepLargestPerClass(labels, 5, 2, 1, 3);
        Assert.That(labels, Is.EqualTo(expected));
    }

    [Test]
    public void Bcp_OnTinyPhantom_LossGoesDownThroughBothStages()
    {
        var plan = CardiacPatches.Plan(40, seed: 5) with { ConsistencyRampLength = 200 };
        var patches = CardiacPatches.Make(0, 10, labeled: true);
        var unlabeled = patches.Skip(4).Select(p => new ImagePatch(p.Image, null, 32, 32, 1)).ToList();
        var run = RunFolder.Create(_dir, "bcp", "2d", 0);

        var result = new TrainingLoop(plan, new BidirectionalCopyPaste(preTrainIterations: 20), () => new TinySegNet(4), run)
            .Run(patches.Take(4).ToList(), unlabeled);

        Assert.That(result.Losses.Skip(15).Take(5).Average(), Is.LessThan(result.Losses.Take(5).Average() * 0.85));
        Assert.That(result.Losses.TakeLast(5).Average(), Is.LessThan(result.Losses.Skip(20).Take(5).Average()));
        var log = File.ReadAllLines(run.LogFile);
        Assert.That(log[20], Does.Contain("stage=0"));
        Assert.That(log[21], Does.Contain("stage=1"));
    }
}
