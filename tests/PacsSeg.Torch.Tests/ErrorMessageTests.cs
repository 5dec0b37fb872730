using PacsSeg.Torch.NN;

namespace PacsSeg.Torch.Tests;

// Bad shapes, dtypes and devices raise a TorchException that names the operator and its arguments' shapes.
public class ErrorMessageTests
{
    [Test]
    public void Conv2d_WithWrongChannelCount_NamesOpAndBothShapes()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.Zeros([1, 3, 8, 8]);
        var w = Tensor.Zeros([4, 2, 3, 3]);
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(x, w));
        Assert.That(e!.Operation, Is.EqualTo("aten::conv2d"));
        Assert.That(e.Message, Does.StartWith("aten::conv2d(Float[1,3,8,8], Float[4,2,3,3], None"));
        Assert.That(e.Message, Does.Contain("expected input[1, 3, 8, 8] to have 2 channels"));
    }

    [Test]
    public void ConvModule_WithWrongChannelCount_ThrowsTypedException()
    {
        using var scope = DisposeScope.Enter();
        using var conv = Nn.Conv3d(2, 4, 3);
        var e = Assert.Throws<TorchException>(() => conv.Forward(Tensor.Zeros([1, 5, 6, 6, 6])));
        Assert.That(e!.Message, Does.Contain("Float[1,5,6,6,6]").And.Contain("Float[4,2,3,3,3]"));
    }

    [Test]
    public void MatMul_WithMismatchedInnerSizes_NamesOpAndShapesOnce()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Zeros([2, 3]).MatMul(Tensor.Zeros([4, 5])));
        Assert.That(e!.Operation, Is.EqualTo("aten::matmul"));
        Assert.That(e.Message, Does.StartWith("aten::matmul(Float[2,3], Float[4,5]): "));
        Assert.That(e.Message.IndexOf("aten::matmul", 1, StringComparison.Ordinal), Is.EqualTo(-1), "the op is named once");
    }

    [Test]
    public void Cat_WithMismatchedShapes_NamesEveryTensorInTheList()
    {
        using var scope = DisposeScope.Enter();
        var e = Assert.Throws<TorchException>(() => Tensor.Cat([Tensor.Zeros([2, 3]), Tensor.Zeros([2, 4], ScalarType.Float64)], 0));
        Assert.That(e!.Operation, Is.EqualTo("aten::cat"));
        Assert.That(e.Message, Does.StartWith("aten::cat([Float[2,3], Double[2,4]], 0)"));
    }

    [Test]
    public void Cat_OfFloatAndDouble_PromotesToDoubleAsPyTorchDoes()
    {
        // PyTorch 1.13 type-promotes cat (torch.cat([float, double]).dtype == float64), so this is not an error.
        using var scope = DisposeScope.Enter();
        var r = Tensor.Cat([Tensor.Ones([2]), Tensor.Zeros([1], ScalarType.Float64)], 0);
        Assert.That(r.Dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(r.ToArray<double>(), Is.EqualTo(new double[] { 1, 1, 0 }));
    }

    [Test]
    public void InPlaceAdd_OfFloatIntoLong_NamesOpAndDtypes()
    {
        using var scope = DisposeScope.Enter();
        var counts = Tensor.Zeros([2, 3], ScalarType.Int64);
        var e = Assert.Throws<TorchException>(() => counts.AddInPlace(Tensor.Ones([2, 3])));
        Assert.That(e!.Operation, Is.EqualTo("aten::add_"));
        Assert.That(e.Message, Does.Contain("Long[2,3]").And.Contain("Float[2,3]").And.Contain("can't be cast"));
        Assert.That(counts.ToArray<long>(), Is.All.EqualTo(0), "nothing was written");
    }

    [Test]
    public void Where_WithNonBooleanCondition_NamesTheDtype()
    {
        using var scope = DisposeScope.Enter();
        var cond = Tensor.Zeros([3], ScalarType.Int64);
        var e = Assert.Throws<TorchException>(() => Aten.Call("aten::where", "self", cond, Tensor.Ones([3]), Tensor.Zeros([3])));
        Assert.That(e!.Message, Does.Contain("Long[3]").And.Contain("boolean"));
    }

    [Test]
    public void CudaDevice_PastTheLastGpu_ThrowsNamingTheDevice()
    {
        // Index = device count is never valid: with no CUDA here it is cuda:0, on a GPU host the one past the last.
        int count = TorchRuntime.CudaDeviceCount;
        var device = Device.Cuda(count);
        long before = TorchRuntime.LiveTensorCount;
        var e = Assert.Throws<TorchException>(() => Tensor.Zeros([2, 2], device: device));
        Assert.That(e!.Operation, Is.EqualTo("aten::zeros"));
        Assert.That(e.Message, Does.Contain($"device cuda:{count} requested"));
        Assert.That(e.Message, count == 0 ? Does.Contain("CUDA is not available") : Does.Contain($"only {count} CUDA device"));
        using var x = Tensor.Ones([2]);
        var e2 = Assert.Throws<TorchException>(() => x.To(device));
        Assert.That(e2!.Message, Does.StartWith($"aten::to(Float[2], cuda:{count}"));
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(before + 1), "only x is alive: failed calls leak nothing");
    }
}
