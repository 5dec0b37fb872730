using PacsSeg.Torch.NN;
using PacsSeg.Torch.Optim;

namespace PacsSeg.Torch.Tests;

// The whole-list native updates (SGD step, zero_grad, EMA) give bit for bit what the per-tensor operations give.
public class FusedUpdateTests
{
    [Test]
    public void EmaUpdate_EqualsMulThenAddBitForBit_AndCopiesIntegerTensors()
    {
        using var scope = DisposeScope.Enter();
        TorchRuntime.ManualSeed(4);
        Tensor[] teacher = [Tensor.Randn([3, 5]), Tensor.Randn([7]), Tensor.Zeros([], ScalarType.Int64)];
        Tensor[] student = [Tensor.Randn([3, 5]), Tensor.Randn([7]), Tensor.Full([], 12, ScalarType.Int64)];
        var expected = new[]
        {
            teacher[0].Clone().MulInPlace(0.99).AddInPlace(student[0], 0.01),
            teacher[1].Clone().MulInPlace(0.99).AddInPlace(student[1], 0.01),
        };
        student[0].RequiresGrad = true;
        Ema.Update(teacher, student, 0.99);
        Assert.That(teacher[0].ToArray<float>(), Is.EqualTo(expected[0].ToArray<float>()));
        Assert.That(teacher[1].ToArray<float>(), Is.EqualTo(expected[1].ToArray<float>()));
        Assert.That(teacher[2].Item<long>(), Is.EqualTo(12));
        Assert.That(teacher[0].RequiresGrad, Is.False, "the update is not recorded by autograd");
    }

    [Test]
    public void EmaUpdate_WithMismatchedShapes_ThrowsNamingBoth()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Ema.Update([Tensor.Zeros([2, 3])], [Tensor.Zeros([3, 2])], 0.9));
        Assert.That(e!.Message, Does.Contain("[2, 3]").And.Contain("[3, 2]"));
        Assert.Throws<ArgumentException>(() => Ema.Update([Tensor.Zeros([1])], [], 0.9));
    }

    [TestCase(0.0, 0.0, false)]
    [TestCase(0.9, 1e-4, false)]
    [TestCase(0.9, 1e-4, true)]
    public void SgdStep_MatchesThePerTensorFormulaBitForBit(double momentum, double weightDecay, bool nesterov)
    {
        using var scope = DisposeScope.Enter();
        TorchRuntime.ManualSeed(8);
        using var model = new Sequential(Nn.Conv2d(1, 3, 3, padding: 1), Nn.BatchNorm2d(3), Nn.ReLU(), Nn.Conv2d(3, 2, 1));
        var ps = model.Parameters().ToArray();
        var reference = ps.Select(p => p.Detach().Clone()).ToArray();
        var buffers = new Tensor?[ps.Length];
        using var sgd = new Sgd(ps, 0.05, momentum, weightDecay, nesterov);
        var x = Tensor.Randn([2, 1, 5, 5]);
        for (int step = 0; step < 3; step++)
        {
            sgd.ZeroGrad();
            model.Forward(x).Square().Mean().Backward();
            using (Autograd.NoGrad())
                for (int i = 0; i < ps.Length; i++)
                {
                    // torch.optim.SGD's per-tensor update on copies of the parameters.
                    var g = ps[i].Grad!;
                    var d = weightDecay != 0 ? g.Add(reference[i], weightDecay) : g;
                    if (momentum != 0)
                    {
                        if (buffers[i] is null)
                            buffers[i] = d.Clone();
                        else
                            buffers[i]!.MulInPlace(momentum).AddInPlace(d, 1);
                        d = nesterov ? d.Add(buffers[i]!, momentum) : buffers[i]!;
                    }
                    reference[i].AddInPlace(d, -0.05);
                }
            sgd.Step();
            for (int i = 0; i < ps.Length; i++)
                Assert.That(ps[i].ToArray<float>(), Is.EqualTo(reference[i].ToArray<float>()), $"parameter {i} step {step}");
        }
        Assert.That(sgd.StateDict().Count, Is.EqualTo(momentum != 0 ? ps.Length : 0), "one momentum buffer per parameter");
    }

    [Test]
    public void ZeroGrad_ZeroesOrDropsEveryGradient()
    {
        using var scope = DisposeScope.Enter();
        using var model = new Sequential(Nn.Linear(3, 2));
        model.Forward(Tensor.Ones([1, 3])).Sum().Backward();
        model.ZeroGrad();
        foreach (var p in model.Parameters())
            Assert.That(p.Grad!.ToArray<float>(), Is.All.EqualTo(0));
        model.ZeroGrad(setToNone: true);
        Assert.That(model.Parameters().Select(p => p.Grad), Is.All.Null);
    }
}
