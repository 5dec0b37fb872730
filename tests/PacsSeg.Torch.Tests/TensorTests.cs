namespace PacsSeg.Torch.Tests;

public class TensorTests
{
    [Test]
    public void FromArray_ThenToArray_RoundTripsValuesShapeAndStrides()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using var t = Tensor.FromArray(data, 2, 3);
        Assert.That(t.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(t.Strides, Is.EqualTo(new long[] { 3, 1 }));
        Assert.That(t.Dtype, Is.EqualTo(ScalarType.Float32));
        Assert.That(t.Device, Is.EqualTo(Device.Cpu));
        Assert.That(t.ToArray<float>(), Is.EqualTo(data));
        using var tr = t.Transpose(0, 1);
        Assert.That(tr.IsContiguous, Is.False);
        Assert.That(tr.ToArray<float>(), Is.EqualTo(new float[] { 1, 4, 2, 5, 3, 6 }));
    }

    [Test]
    public void FromArray_WhenDataDoesNotFillShape_ThrowsTorchException()
    {
        var e = Assert.Throws<TorchException>(() => Tensor.FromArray(new float[5], 2, 3));
        Assert.That(e!.Message, Does.Contain("[2, 3]"));
    }

    [Test]
    public void ToArray_WithWrongElementType_ThrowsTorchException()
    {
        using var t = Tensor.Zeros([3], ScalarType.Int64);
        Assert.Throws<TorchException>(() => t.ToArray<float>());
        Assert.That(t.ToArray<long>(), Is.EqualTo(new long[3]));
    }

    [Test]
    public void MatMul_WithMismatchedShapes_ThrowsTypedExceptionNamingOpAndShapes()
    {
        using var a = Tensor.Zeros([2, 3]);
        using var b = Tensor.Zeros([4, 5]);
        var e = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.That(e!.Operation, Is.EqualTo("aten::matmul"));
        Assert.That(e.Message, Does.Contain("Float[2,3]").And.Contain("Float[4,5]"));
    }

    [Test]
    public void Conv2d_WithWrongDtype_ThrowsTypedException()
    {
        using var x = Tensor.Zeros([1, 1, 4, 4], ScalarType.Float64);
        using var w = Tensor.Zeros([1, 1, 3, 3]);
        var e = Assert.Throws<TorchException>(() => NN.Functional.Conv2d(x, w));
        Assert.That(e!.Message, Does.Contain("aten::conv2d").And.Contain("Double[1,1,4,4]"));
    }

    [Test]
    public void UsingDisposedTensor_ThrowsObjectDisposed()
    {
        var t = Tensor.Zeros([2]);
        t.Dispose();
        Assert.That(t.IsDisposed, Is.True);
        Assert.Throws<ObjectDisposedException>(() => t.Add(1));
    }

    [Test]
    public void DataSpan_OnContiguousCpuTensor_WritesThroughWithoutCopy()
    {
        using var t = Tensor.Zeros([4]);
        t.DataSpan<float>()[2] = 7;
        Assert.That(t.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 7, 0 }));
    }

    [Test]
    public void Backward_OfSquareSum_GivesTwiceTheInput()
    {
        using var x = Tensor.FromArray(new float[] { 1, -2, 3 });
        x.RequiresGrad = true;
        using var y = x.Square().Sum();
        y.Backward();
        using var g = x.Grad;
        Assert.That(g!.ToArray<float>(), Is.EqualTo(new float[] { 2, -4, 6 }));
    }

    [Test]
    public void NoGrad_InsideScope_RecordsNothing()
    {
        using var x = Tensor.Ones([2], requiresGrad: true);
        using (Autograd.NoGrad())
        {
            Assert.That(Autograd.IsGradEnabled, Is.False);
            using var y = x * 2;
            Assert.That(y.RequiresGrad, Is.False);
        }
        Assert.That(Autograd.IsGradEnabled, Is.True);
        using var z = x * 2;
        Assert.That(z.RequiresGrad, Is.True);
    }

    [Test]
    public void InferenceMode_InsideScope_ProducesTensorsWithoutGrad()
    {
        using var x = Tensor.Ones([2], requiresGrad: true);
        using (Autograd.InferenceMode())
        {
            using var y = x * 2;
            Assert.That(y.RequiresGrad, Is.False);
        }
        using var detached = x.Detach();
        Assert.That(detached.RequiresGrad, Is.False);
    }

    [Test]
    public void IndexPut_WithBooleanMask_SetsSelectedElements()
    {
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, 4 });
        using var m = x.Gt(2);
        using var v = Tensor.Scalar(0);
        using var y = x.IndexPut([m], v);
        Assert.That(y.ToArray<float>(), Is.EqualTo(new float[] { 1, 2, 0, 0 }));
    }

    [Test]
    public void Percentile_Of0To100_IsLinearlyInterpolated()
    {
        using var x = Tensor.Arange(0, 101);
        using var p = x.Percentile(95);
        Assert.That(p.Item(), Is.EqualTo(95).Within(1e-5));
    }
}
