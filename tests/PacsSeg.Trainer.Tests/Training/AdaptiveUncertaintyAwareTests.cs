using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class AdaptiveUncertaintyAwareTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-aua-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void MonteCarloNll_HandComputed()
    {
        // S = 2, one volume of two voxels, labels [0, 1]. Sample 1: all logits 0 -> ln p = 2 ln .5;
        // sample 2: the right class has logit ln 3 -> 2 ln .75. L = -ln((.25 + .5625) / 2) / 2.
        float ln3 = (float)Math.Log(3);
        using var samples = Tensor.FromArray(new float[] { 0, 0, 0, 0, ln3, 0, 0, ln3 }, 2, 1, 2, 1, 2);
        using var y = Tensor.FromArray(new long[] { 0, 1 }, 1, 1, 2);

        Assert.That(AuaLosses.MonteCarloNll(samples, y).Item(), Is.EqualTo(-Math.Log((0.25 + 0.5625) / 2) / 2).Within(1e-6));
    }

    [Test]
    public void GeneralizedEnergyDistance_HandComputed()
    {
        // Student samples: one-hot [[1,0],[0,1]] and uniform; teacher: uniform twice (2 classes x 2 voxels).
        // delta(one-hot, uniform) = 1 - (1 + s)/(1.5 + s), delta(uniform, uniform) = 0:
        // GED = 2 * (2 delta / 4) - (2 delta / 4) - 0 = delta / 2.
        using var student = Tensor.FromArray(new float[] { 1, 0, 0, 1, .5f, .5f, .5f, .5f }, 2, 2, 2);
        using var teacher = Tensor.FromArray(new float[] { .5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f }, 2, 2, 2);
        double delta = 1 - (1 + 1e-5) / (1.5 + 1e-5);

        Assert.That(AuaLosses.GeneralizedEnergyDistance(student, teacher).Item(), Is.EqualTo(delta / 2).Within(1e-6));
    }

    [Test]
    public void BoundaryMask_MarksTheVoxelWhoseLowerNeighbourDiffers()
    {
        // The reference's 2x2x2 dilation looks one step towards lower indices: in [0 0 1 1] voxel 2 changes
        // under the dilation of the background; in [1 1 0 0] voxel 2 changes under the dilation of the foreground.
        using var up = Tensor.FromArray(new long[] { 0, 0, 1, 1 }, 1, 1, 1, 4);
        using var down = Tensor.FromArray(new long[] { 1, 1, 0, 0 }, 1, 1, 1, 4);

        Assert.That(AuaLosses.BoundaryMask(up).ToArray<bool>(), Is.EqualTo(new[] { false, false, true, false }));
        Assert.That(AuaLosses.BoundaryMask(down).ToArray<bool>(), Is.EqualTo(new[] { false, false, true, false }));
    }

    [Test]
    public void SupervisedContrastive_HandComputed()
    {
        // e0 = e1 = (1,0) (class 0), e2 = (0,1) (class 1, no positive: not an anchor). tau = 1:
        // L_0 = L_1 = -(1 - ln(e + 1)).
        using var e = Tensor.FromArray(new float[] { 1, 0, 1, 0, 0, 1 }, 3, 2);
        using var labels = Tensor.FromArray(new long[] { 0, 0, 1 }, 3);

        Assert.That(AuaLosses.SupervisedContrastive(e, labels, 1, 1).Item(), Is.EqualTo(Math.Log(Math.E + 1) - 1).Within(1e-6));
    }

    [Test]
    public void UpdateStatistics_TwoBatches_GiveThePopulationMeanAndVariance()
    {
        // Class 1 sees 1 and 3, then 6: mean 10/3, population variance 38/9; class 0 sees nothing.
        var mean = Tensor.Zeros([2, 1]);
        var variance = Tensor.Zeros([2, 1]);
        var count = Tensor.Zeros([2]);
        (mean, variance, count) = AuaLosses.UpdateStatistics(mean, variance, count, Tensor.FromArray(new float[] { 1, 3 }, 2, 1), Tensor.FromArray(new long[] { 1, 1 }, 2));
        (mean, variance, count) = AuaLosses.UpdateStatistics(mean, variance, count, Tensor.FromArray(new float[] { 6 }, 1, 1), Tensor.FromArray(new long[] { 1 }, 1));

        Assert.That(mean.ToArray<float>()[1], Is.EqualTo(10.0 / 3).Within(1e-5));
        Assert.That(variance.ToArray<float>()[1], Is.EqualTo(38.0 / 9).Within(1e-5));
        Assert.That(count.ToArray<float>(), Is.EqualTo(new float[] { 0, 3 }));
        Assert.That(mean.ToArray<float>()[0], Is.EqualTo(0));
    }

    [Test]
    public void PrototypeLoss_HandComputed_IgnoresBackgroundAnchors()
    {
        // Means and variances (1,0) and (0,1). Foreground voxel f = (1,1)/sqrt2: both logits (0.7071 + 0.25)/1,
        // CE = ln 2; regulariser 0.5 * (0.5 * 1) = 0.25. The background voxel is not an anchor.
        using var features = Tensor.FromArray(new float[] { 1, 0, 1, 1 }, 2, 2);
        using var labels = Tensor.FromArray(new long[] { 0, 1 }, 2);
        using var eye = Tensor.FromArray(new float[] { 1, 0, 0, 1 }, 2, 2);

        Assert.That(AuaLosses.PrototypeLoss(features, labels, eye, eye, temperature: 1).Item(), Is.EqualTo(Math.Log(2) + 0.25).Within(1e-5));
        using var none = Tensor.FromArray(new long[] { 0, 0 }, 2);
        Assert.That(AuaLosses.PrototypeLoss(features, none, eye, eye).Item(), Is.EqualTo(0));
    }

    [Test]
    public void Aua_OnTiny3DPhantom_LossGoesDownInBothStagesAndStageOneStaysFrozen()
    {
        var plan = VolumePatches.Plan(10);
        var method = new AdaptiveUncertaintyAware(stageOneIterations: 5, samples: 2, maxBoundaryVoxels: 500);
        var run = RunFolder.Create(_dir, method.Name, "3d", 0);
        var loop = new TrainingLoop(plan, method, () => new AuaVNet3D(1, 2, filters: 4, rank: 2), run) { CheckpointInterval = 5 };

        var result = loop.Run(VolumePatches.Make(0, 3, labeled: true), VolumePatches.Make(50, 4, labeled: false));

        var log = File.ReadAllLines(run.LogFile);
        Assert.That(log[5], Does.Contain("stage=1"));
        Assert.That(log[6], Does.Contain("stage=2"));
        Assert.That(result.Losses.All(double.IsFinite), Is.True);
        Assert.That(result.Losses[4], Is.LessThan(result.Losses[0]), "stage 1");
        Assert.That(result.Losses[9], Is.LessThan(result.Losses[5]), "stage 2");
        // The saved network predicts with stage 2, carries the class statistics, and stage 1 did not move in stage 2.
        var end = PacsSeg.Torch.Serialization.SafeTensors.Load(Path.Combine(run.CheckpointDirectory, result.LastCheckpoint.StudentWeights));
        var switchPoint = PacsSeg.Torch.Serialization.SafeTensors.Load(Path.Combine(run.CheckpointDirectory, "student_000005.safetensors"));
        Assert.That(end["stage"].Item(), Is.EqualTo(1));
        Assert.That(switchPoint["stage"].Item(), Is.EqualTo(0));
        Assert.That(end["class_count"].ToArray<float>()[1], Is.GreaterThan(0));
        var stageOne = end.Keys.Where(k => k.StartsWith("stage1.", StringComparison.Ordinal)).ToList();
        Assert.That(stageOne, Is.Not.Empty);
        Assert.That(stageOne.Where(k => !Same(end[k], switchPoint[k])), Is.Empty);
        Assert.That(end.Keys.Where(k => k.StartsWith("stage2.", StringComparison.Ordinal) && k.EndsWith("weight", StringComparison.Ordinal)).Any(k => !Same(end[k], switchPoint[k])), Is.True);
    }

    private static bool Same(Tensor a, Tensor b) => a.Shape.SequenceEqual(b.Shape) && a.Float().Sub(b.Float()).Abs().Max().Item() == 0;
}
