// Network size set by widths: the factory builds smaller networks, and a package whose model.json names
// its widths (hyperparameter "widths") loads back into the same small network.
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Tests.Networks;

public sealed class NetworkWidthsTests
{
    private static long Count(SegmentationNetwork network) => network.Parameters().Sum(p => p.Shape.Aggregate(1L, (a, b) => a * b));

    [Test]
    public void Create_WithSmallWidths_BuildsASmallerNetworkOfTheSameArchitecture()
    {
        using var full = NetworkFactory.Create("unet2d", 1, 2);
        using var small = NetworkFactory.Create("unet2d", 1, 2, widths: [8, 16, 32, 64, 128]);
        Assert.That(Count(small), Is.LessThan(Count(full) / 3));
        using var input = Tensor.Zeros([1, 1, 32, 32]);
        using var output = small.Forward(input);
        Assert.That(output.Logits.Shape, Is.EqualTo(new long[] { 1, 2, 32, 32 }));
    }

    [Test]
    public void Create_VNetWithWidthsThatDoNotDouble_ThrowsArgumentException()
    {
        Assert.That(() => NetworkFactory.Create("vnet3d", 1, 2, widths: [8, 16, 32, 64, 100]), Throws.ArgumentException.With.Message.Contains("f, 2f, 4f"));
    }

    [Test]
    public void WidthsFrom_WithGarbage_ThrowsArgumentExceptionNamingTheKey()
    {
        Assert.That(() => NetworkFactory.WidthsFrom(new Dictionary<string, string> { [NetworkFactory.WidthsKey] = "8,x" }),
            Throws.ArgumentException.With.Message.Contains("widths"));
        Assert.That(NetworkFactory.WidthsFrom(new Dictionary<string, string>()), Is.Null);
    }

    [Test]
    public void Load_PackageNamingItsWidths_RebuildsTheSmallNetworkWithItsWeights()
    {
        string dir = Directory.CreateTempSubdirectory("pacsseg-widths-").FullName;
        try
        {
            TorchRuntime.ManualSeed(3);
            using var net = NetworkFactory.Create("unet3d", 1, 2, widths: [4, 8]);
            string path = ModelPackage.Save(dir, new ModelManifest
            {
                Name = "tiny",
                Version = "1",
                Architecture = "unet3d",
                InputChannels = 1,
                Classes = [new("background", [0, 0, 0]), new("organ", [255, 0, 0])],
                PatchSize = [16, 16, 16],
                Hyperparameters = new() { [NetworkFactory.WidthsKey] = NetworkFactory.FormatWidths([4, 8]) },
            }, net);
            var (manifest, loaded) = ModelPackage.Load(path);
            using (loaded)
            {
                Assert.That(manifest.Hyperparameters[NetworkFactory.WidthsKey], Is.EqualTo("4,8"));
                Assert.That(((UNet3D)loaded).Widths, Is.EqualTo(new long[] { 4, 8 }));
                Assert.That(Count(loaded), Is.EqualTo(Count(net)));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
