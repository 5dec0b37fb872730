namespace PacsSeg.Torch.Tests;

public class RuntimeTests
{
    [Test]
    public void Version_WhenBridgeLoads_ReportsLibtorchVersion()
    {
        Assert.That(TorchRuntime.Version, Does.Match(@"^\d+\.\d+\.\d+$"));
        Assert.That(Version.Parse(TorchRuntime.Version), Is.GreaterThanOrEqualTo(new Version(1, 13, 0)));
    }

    [Test]
    public void NumThreads_WhenSet_IsReadBack()
    {
        int before = TorchRuntime.NumThreads;
        Assert.That(before, Is.GreaterThanOrEqualTo(1));
        TorchRuntime.NumThreads = 1;
        Assert.That(TorchRuntime.NumThreads, Is.EqualTo(1));
        TorchRuntime.NumThreads = before;
    }

    [Test]
    public void ManualSeed_WhenRepeated_GivesSameRandomNumbers()
    {
        TorchRuntime.ManualSeed(42);
        using var a = Tensor.Rand([5]);
        TorchRuntime.ManualSeed(42);
        using var b = Tensor.Rand([5]);
        Assert.That(a.ToArray<float>(), Is.EqualTo(b.ToArray<float>()));
    }

    [Test]
    public void DefaultDevice_WithoutCuda_IsCpu()
    {
        var d = TorchRuntime.DefaultDevice;
        Assert.That(d.Type, Is.EqualTo(TorchRuntime.IsCudaAvailable ? DeviceType.Cuda : DeviceType.Cpu));
    }
}
