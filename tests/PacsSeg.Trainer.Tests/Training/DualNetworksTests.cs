using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;
using PacsSeg.Trainer.Training;

namespace PacsSeg.Trainer.Tests.Training;

public class DualNetworksTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-dual-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // Two classes, four voxels in a row: [1, 2, 1, 4] probabilities from background probabilities p0.
    private static Tensor TwoClass(params float[] background)
    {
        var data = new float[background.Length * 2];
        for (int i = 0; i < background.Length; i++)
        {
            data[i] = background[i];
            data[background.Length + i] = 1 - background[i];
        }
        return Tensor.FromArray(data, 1, 2, 1, background.Length);
    }

    [Test]
    public void DiceForeground_HandComputed()
    {
        // p1 = [0.8, 0.2, 0.6], g = [1, 0, 1]: 1 - (2*1.4 + s) / (1.04 + 2 + s).
        using var p = TwoClass(0.2f, 0.8f, 0.4f);
        using var g = Tensor.FromArray(new long[] { 1, 0, 1 }, 1, 1, 3);

        double dice = VolumeLosses.DiceForeground(p, g).Item();

        Assert.That(dice, Is.EqualTo(1 - (2.8 + 1e-5) / (3.04 + 1e-5)).Within(1e-6));
    }

    [Test]
    public void Disagreement_And_Mistake_HandComputed()
    {
        // Foreground confidence A = [.7, .5, .65, .1] (>= .6: T F T F), B = [.7, .7, .1, .1] (T T F F): XOR = [0 1 1 0].
        using var a = TwoClass(0.3f, 0.5f, 0.35f, 0.9f);
        using var b = TwoClass(0.3f, 0.3f, 0.9f, 0.9f);
        using var y = Tensor.FromArray(new long[] { 1, 1, 0, 0 }, 1, 1, 4);

        using var d = DualNetworkLosses.Disagreement(a, b);
        double mistake = DualNetworkLosses.Mistake(a, d, y).Item();

        Assert.That(d.ToArray<float>(), Is.EqualTo(new float[] { 0, 1, 1, 0 }));
        // Voxel 1: (0.5 - 1)^2 = .25; voxel 2: (0.65 - 0)^2 = .4225; mean over the two.
        Assert.That(mistake, Is.EqualTo((0.25 + 0.4225) / 2).Within(1e-6));
    }

    [Test]
    public void CertainMask_DropsVoxelsUncertainForBothNetworks()
    {
        // Entropies A = [0, ln2, H(.1), ln2, 0] (median H(.1)); B = [ln2, ln2, 0, 0, H(.1)] (median H(.1)).
        // Uncertain for A: 1, 2, 3; for B: 0, 1, 4; for both: only voxel 1.
        using var a = TwoClass(1f, 0.5f, 0.9f, 0.5f, 1f);
        using var b = TwoClass(0.5f, 0.5f, 1f, 1f, 0.9f);

        var certain = DualNetworkLosses.CertainMask(a, b, percentile: 50).ToArray<bool>();

        Assert.That(certain, Is.EqualTo(new[] { true, false, true, true, true }));
    }

    [Test]
    public void PseudoLabels_TakeAWhereItSaysForegroundElseB()
    {
        // A argmax [0, 1, 0, 2], B argmax [1, 0, 0, 1].
        using var a = Tensor.FromArray(new float[] { 9, 0, 9, 0, 0, 9, 0, 0, 0, 0, 0, 9 }, 1, 3, 1, 4);
        using var b = Tensor.FromArray(new float[] { 0, 9, 9, 0, 9, 0, 0, 9, 0, 0, 0, 0 }, 1, 3, 1, 4);

        Assert.That(DualNetworkLosses.PseudoLabels(a, b).ToArray<long>(), Is.EqualTo(new long[] { 1, 1, 0, 2 }));
    }

    [Test]
    public void PseudoCrossEntropy_AveragesOverCertainVoxelsOnly()
    {
        // Voxel 0: logits [0, 0] -> ln 2; voxel 1: [ln 3, 0], label 0 -> ln(4/3); voxel 2 is uncertain.
        float ln3 = (float)Math.Log(3);
        using var logits = Tensor.FromArray(new float[] { 0, ln3, -9, 0, 0, 9 }, 1, 2, 1, 3);
        using var labels = Tensor.FromArray(new long[] { 1, 0, 0 }, 1, 1, 3);
        using var certain = Tensor.FromArray(new[] { true, true, false }, 1, 1, 3);

        double loss = DualNetworkLosses.PseudoCrossEntropy(logits, labels, certain).Item();

        Assert.That(loss, Is.EqualTo((Math.Log(2) + Math.Log(4.0 / 3)) / 2).Within(1e-6));
    }

    private static (Tensor Features, Tensor Pseudo, Tensor Certain, Tensor Loser) PrototypeCase()
    {
        // Features (2-d) of four voxels: (1,0) and (2,0) certain foreground, (0,3) certain background,
        // (1,1) uncertain and predicted foreground by the loser.
        var features = Tensor.FromArray(new float[] { 1, 2, 0, 1, 0, 0, 3, 1 }, 1, 2, 1, 4);
        var pseudo = Tensor.FromArray(new long[] { 1, 1, 0, 0 }, 1, 1, 4);
        var certain = Tensor.FromArray(new[] { true, true, true, false }, 1, 1, 4);
        var loser = Tensor.FromArray(new long[] { 1, 1, 0, 1 }, 1, 1, 4);
        return (features, pseudo, certain, loser);
    }

    [Test]
    public void PrototypeContrast_HandComputed_PushApartAndCodeFaithful()
    {
        var (f, p, c, l) = PrototypeCase();
        // mu_fg = (1,0), mu_bg = (0,1) after normalisation; candidate (1,1)/sqrt2 is |(0.7071-1, 0.7071)| = 0.76537 from mu_fg.
        double toFg = Math.Sqrt(Math.Pow(1 - Math.Sqrt(0.5), 2) + 0.5);

        double apart = DualNetworkLosses.PrototypeContrast(f, p, c, l, pushApart: true, sampleDivisor: 1).Item();
        double together = DualNetworkLosses.PrototypeContrast(f, p, c, l, pushApart: false, sampleDivisor: 1).Item();
        double fewCandidates = DualNetworkLosses.PrototypeContrast(f, p, c, l, pushApart: true).Item();

        Assert.That(apart, Is.EqualTo(toFg - Math.Sqrt(2)).Within(1e-5));
        Assert.That(together, Is.EqualTo(toFg + Math.Sqrt(2)).Within(1e-5));
        Assert.That(fewCandidates, Is.EqualTo(-Math.Sqrt(2)).Within(1e-5), "floor(1/100) = 0 candidates: only the prototype term");
    }

    [Test]
    public void PrototypeContrast_NoCertainVoxel_IsZeroNotNaN()
    {
        var (f, p, _, l) = PrototypeCase();
        using var none = Tensor.FromArray(new[] { false, false, false, false }, 1, 1, 4);

        Assert.That(DualNetworkLosses.PrototypeContrast(f, p, none, l).Item(), Is.EqualTo(0));
    }

    [Test]
    public void KlRectified_HandComputed()
    {
        // Teacher logits [0, ln3 / 2] at T = 0.5 -> p_T = [1/4, 3/4], target 1; student [0, 0] -> p_S = [1/2, 1/2].
        using var student = Tensor.FromArray(new float[] { 0, 0 }, 1, 2, 1, 1);
        using var teacher = Tensor.FromArray(new float[] { 0, (float)(Math.Log(3) / 2) }, 1, 2, 1, 1);
        double kl = 0.25 * Math.Log(0.25 / 0.5) + 0.75 * Math.Log(0.75 / 0.5);

        double loss = DualNetworkLosses.KlRectified(student, teacher, 0.5).Item();

        Assert.That(loss, Is.EqualTo(Math.Exp(-kl) * Math.Log(2) + kl).Within(1e-5));
    }

    [Test]
    public void CosineConsistency_HandComputed()
    {
        // Voxel 0: [1, 0] vs [0.6, 0.8] -> 1 - 0.6; voxel 1 identical -> 0.
        using var a = Tensor.FromArray(new float[] { 1, 0.5f, 0, 0.5f }, 1, 2, 1, 2);
        using var b = Tensor.FromArray(new float[] { 0.6f, 0.5f, 0.8f, 0.5f }, 1, 2, 1, 2);

        Assert.That(DualNetworkLosses.CosineConsistency(a, b).Item(), Is.EqualTo(0.2).Within(1e-6));
    }

    [Test]
    public void DualNetwork3D_Forward_IsTheLogOfTheAverageSoftmax()
    {
        using var net = new DualNetwork3D(1, 2, hasDropout: false, filters: 2);
        net.Eval();
        using var x = Tensor.Randn([1, 1, 16, 16, 16]);
        using var noGrad = Autograd.NoGrad();

        using var both = net.Forward(x);
        using var a = net.A.Forward(x);
        using var b = net.B.Forward(x);
        var expected = PacsSeg.Torch.NN.Functional.Softmax(a.Logits, 1).Add(PacsSeg.Torch.NN.Functional.Softmax(b.Logits, 1)).Mul(0.5);

        Assert.That(both.Logits.Exp().Sub(expected).Abs().Max().Item(), Is.LessThan(1e-5));
        Assert.That(NetworkFactory.Create(DualNetworks.NetworkArchitecture, 1, 2), Is.InstanceOf<DualNetwork3D>());
    }

    [Test]
    public void DualNetworks_OnTiny3DPhantom_LossGoesDown()
    {
        var plan = VolumePatches.Plan(12);
        var method = new DualNetworks();
        var run = RunFolder.Create(_dir, method.Name, "3d", 0);
        var loop = new TrainingLoop(plan, method, () => new DualNetwork3D(1, 2, filters: 4), run);

        var result = loop.Run(VolumePatches.Make(0, 3, labeled: true), VolumePatches.Make(50, 4, labeled: false));

        Assert.That(result.Losses.TakeLast(3).Average(), Is.LessThan(result.Losses.Take(3).Average() * 0.9));
        Assert.That(File.ReadAllLines(run.LogFile)[^1], Does.Contain("kl=").And.Contain("certain="));
        Assert.That(result.Losses.All(double.IsFinite), Is.True);
    }

    [Test]
    public void DualNetworks_CodeFaithful_CountsEveryVoxelCertainAndStaysFinite()
    {
        var method = new DualNetworks(codeFaithful: true);
        var run = RunFolder.Create(_dir, method.Name, "3d", 0);
        var loop = new TrainingLoop(VolumePatches.Plan(2), method, () => new DualNetwork3D(1, 2, filters: 2), run);

        var result = loop.Run(VolumePatches.Make(0, 2, labeled: true), VolumePatches.Make(50, 2, labeled: false));

        Assert.That(result.Losses.All(double.IsFinite), Is.True);
        Assert.That(File.ReadAllLines(run.LogFile)[^1], Does.Contain("certain=1;").Or.EndWith("certain=1"));
        Assert.That(run.Path, Does.EndWith("dual-networks-code__3d__0"));
    }
}
