using PacsSeg.Segmentation.Networks;
using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Tests.Networks;

public class HeadTests
{
    [Test]
    public void AuaProjectionHead_Output_IsUnitLengthPerVoxel()
    {
        using var scope = DisposeScope.Enter();
        using var head = ProjectionHead.Aua();
        var x = Tensor.Randn([1, 16, 4, 4, 4]);
        var z = head.Forward(x);
        Assert.That(z.Shape, Is.EqualTo(new long[] { 1, 16, 4, 4, 4 }));
        var norms = z.Norm(2, [1]).ToArray<float>();
        Assert.That(norms, Is.All.EqualTo(1f).Within(1e-5));
    }

    [Test]
    public void SpcProjectionHead_KeepsSpatialSizeAndWidth()
    {
        using var scope = DisposeScope.Enter();
        using var head = ProjectionHead.Spc();
        var z = head.Forward(Tensor.Randn([2, 16, 8, 8]));
        Assert.That(z.Shape, Is.EqualTo(new long[] { 2, 16, 8, 8 }));
        Assert.That(head.NamedParameters().Count(), Is.EqualTo(3 + 4), "three bias-free convs and two affine BNs");
    }

    [Test]
    public void GaussianLogitHead_AntitheticSamples_AverageToTheMean()
    {
        using var scope = DisposeScope.Enter();
        TorchRuntime.ManualSeed(2);
        using var head = new GaussianLogitHead(16, 2, rank: 8);
        var g = head.Forward(Tensor.Randn([1, 16, 4, 4, 4]));
        Assert.That(g.Mean.Shape, Is.EqualTo(new long[] { 1, 2, 4, 4, 4 }));
        Assert.That(g.CovarianceFactor.Shape, Is.EqualTo(new long[] { 1, 2 * 64, 8 }));
        Assert.That(g.CovarianceDiagonal.Min().Item(), Is.GreaterThan(0));
        var samples = GaussianLogitHead.SampleAntithetic(g, 6);
        Assert.That(samples.Shape, Is.EqualTo(new long[] { 6, 1, 2, 4, 4, 4 }));
        var avg = samples.Mean([0]);
        var diff = (avg - g.Mean).Abs().Max().Item();
        Assert.That(diff, Is.LessThan(1e-5));
        var spread = (samples.Select(0, 0) - g.Mean).Abs().Max().Item();
        Assert.That(spread, Is.GreaterThan(1e-3), "samples differ from the mean");
    }

    [Test]
    public void GaussianLogitHead_OutsideRoi_HasNoFactorAndTinyDiagonal()
    {
        using var scope = DisposeScope.Enter();
        using var head = new GaussianLogitHead(16, 2, rank: 4);
        var mask = Tensor.Zeros([1, 1, 2, 2, 2]);
        var g = head.Forward(Tensor.Randn([1, 16, 2, 2, 2]), mask);
        Assert.That(g.CovarianceFactor.Abs().Max().Item(), Is.EqualTo(0));
        Assert.That(g.CovarianceDiagonal.Max().Item(), Is.EqualTo(1e-5).Within(1e-9));
    }

    [Test]
    public void PccsHeads_OnPccsUNetFeatures_GiveQuarterResolutionEmbeddingsAndScores()
    {
        using var scope = DisposeScope.Enter();
        using var net = UNet2D.Pccs(1, 4);
        using var student = new PccsStudentHead(32 + 64 + 128, 4, 3);
        using var teacher = new PccsTeacherHead(32 + 64 + 128, 4, 3);
        net.Eval();
        teacher.Eval();
        using var output = net.Forward(Tensor.Randn([2, 1, 32, 32]));
        var (embedding, scores) = student.Forward(output.EncoderFeatures);
        Assert.That(embedding.Shape, Is.EqualTo(new long[] { 2, 256, 8, 8 }));
        Assert.That(scores.Shape, Is.EqualTo(new long[] { 2, 12, 8, 8 }));
        var (unit, sims, classScores) = teacher.Forward(output.EncoderFeatures);
        Assert.That(unit.Norm(2, [1]).ToArray<float>(), Is.All.EqualTo(1f).Within(1e-4));
        Assert.That(sims.Shape, Is.EqualTo(new long[] { 2, 4, 3, 8, 8 }));
        Assert.That(classScores.Shape, Is.EqualTo(new long[] { 2, 4, 8, 8 }));
        Assert.That(sims.Abs().Max().Item(), Is.LessThanOrEqualTo(1 + 1e-5), "cosine similarities");
    }

    [Test]
    public void UNet2D_Output_ReturnsLogitsDecoderFeaturesAndFiveEncoderLevels()
    {
        using var scope = DisposeScope.Enter();
        using var net = new UNet2D(1, 4);
        using var output = net.Forward(Tensor.Randn([1, 1, 32, 32]));
        Assert.That(output.Logits.Shape, Is.EqualTo(new long[] { 1, 4, 32, 32 }));
        Assert.That(output.Features.Shape, Is.EqualTo(new long[] { 1, 16, 32, 32 }));
        Assert.That(output.EncoderFeatures.Select(e => e.Size(1)), Is.EqualTo(new long[] { 16, 32, 64, 128, 256 }));
    }
}
