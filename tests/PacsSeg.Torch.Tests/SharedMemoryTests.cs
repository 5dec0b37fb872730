using System.Runtime.CompilerServices;

namespace PacsSeg.Torch.Tests;

// Tensors over managed memory without a copy (Tensor.WrapArray / WrapMemory) and copies back into spans.
public class SharedMemoryTests
{
    [Test]
    public void WrapArray_SharesMemoryBothWays()
    {
        float[] data = [1, 2, 3, 4, 5, 6];
        using var t = Tensor.WrapArray(data, 2, 3);
        Assert.That(t.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(t.ToArray<float>(), Is.EqualTo(data));
        data[4] = 50;
        using (var plus = t + 0)
            Assert.That(plus.ToArray<float>()[4], Is.EqualTo(50), "the tensor reads the array, no copy was taken");
        t.MulInPlace(2);
        Assert.That(data, Is.EqualTo(new float[] { 2, 4, 6, 8, 100, 12 }), "in-place ops write into the array");
    }

    [Test]
    public void WrapArray_KeepsTheArrayAliveUntilTheLastTensorSharingItIsFreed()
    {
        long tensorsBefore = TorchRuntime.LiveTensorCount;
        long buffersBefore = TorchRuntime.LiveSharedBufferCount;
        var (tensor, weak) = WrapUnreferencedArray();
        using var view = tensor.Slice(0, 1, 3);
        tensor.Dispose();
        Collect();
        Assert.That(weak.IsAlive, Is.True, "a view still uses the storage");
        Assert.That(TorchRuntime.LiveSharedBufferCount, Is.EqualTo(buffersBefore + 1));
        Assert.That(view.ToArray<double>(), Is.EqualTo(new double[] { 1, 2 }));

        view.Dispose();
        Collect();
        Assert.That(weak.IsAlive, Is.False, "the pin is released with the last tensor");
        Assert.That(TorchRuntime.LiveSharedBufferCount, Is.EqualTo(buffersBefore));
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(tensorsBefore));
    }

    [Test]
    public void WrapMemory_WhenShapeDoesNotMatch_ThrowsAndReleasesThePin()
    {
        long buffersBefore = TorchRuntime.LiveSharedBufferCount;
        long tensorsBefore = TorchRuntime.LiveTensorCount;
        var e = Assert.Throws<TorchException>(() => Tensor.WrapMemory(new Memory<int>(new int[10], 2, 5), [2, 3]));
        Assert.That(e!.Message, Does.Contain("[2, 3]").And.Contain("20 bytes"));
        Assert.That(TorchRuntime.LiveSharedBufferCount, Is.EqualTo(buffersBefore));
        Assert.That(TorchRuntime.LiveTensorCount, Is.EqualTo(tensorsBefore));
    }

    [Test]
    public void WrapMemory_OfASlice_SeesOnlyThatSlice()
    {
        long[] data = [0, 1, 2, 3, 4, 5, 6, 7];
        using var t = Tensor.WrapMemory(data.AsMemory(2, 4), [2, 2]);
        Assert.That(t.ToArray<long>(), Is.EqualTo(new long[] { 2, 3, 4, 5 }));
        t.FillInPlace(9);
        Assert.That(data, Is.EqualTo(new long[] { 0, 1, 9, 9, 9, 9, 6, 7 }));
    }

    [Test]
    public void WrappedArray_TrainsLikeACopiedOne()
    {
        float[] values = [0.5f, -1, 2];
        using var copied = Tensor.FromArray(values);
        using var shared = Tensor.WrapArray((float[])values.Clone());
        copied.RequiresGrad = true;
        shared.RequiresGrad = true;
        using (var a = (copied * copied).Sum())
            a.Backward();
        using (var b = (shared * shared).Sum())
            b.Backward();
        using var ga = copied.Grad;
        using var gb = shared.Grad;
        Assert.That(gb!.ToArray<float>(), Is.EqualTo(ga!.ToArray<float>()));
    }

    [Test]
    public void CopyTo_FromANonContiguousView_FillsTheSpanInRowMajorOrder()
    {
        using var scope = DisposeScope.Enter();
        var tr = Tensor.Arange(0, 6).Reshape(2, 3).Transpose(0, 1);
        Span<float> dst = stackalloc float[6];
        tr.CopyTo(dst);
        Assert.That(dst.ToArray(), Is.EqualTo(new float[] { 0, 3, 1, 4, 2, 5 }));
        var e = Assert.Throws<TorchException>(() => tr.CopyTo(new float[5].AsSpan()));
        Assert.That(e!.Message, Does.Contain("[3, 2]"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Tensor Tensor, WeakReference Array) WrapUnreferencedArray()
    {
        var data = new double[] { 0, 1, 2, 3 };
        return (Tensor.WrapArray(data), new WeakReference(data));
    }

    private static void Collect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
