using System.IO.Compression;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;

namespace PacsSeg.Segmentation.Tests.Packaging;

public class ModelPackageTests
{
    private string dir = "";

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("pacsseg-pkg-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, recursive: true);

    private static ModelManifest Manifest(string architecture = "unet2d") => new()
    {
        Name = "heart/LV",
        Version = "1.0",
        Architecture = architecture,
        InputChannels = 1,
        Classes = [new("background", [0, 0, 0]), new("RV", [255, 0, 0]), new("LV", [0, 0, 255])],
        TargetSpacing = [1.0, 1.0, 5.0],
        PatchSize = [256, 256],
        TrainingMethod = "mean-teacher",
    };

    private string SaveUNet(out UNet2D net)
    {
        TorchRuntime.ManualSeed(5);
        net = new UNet2D(1, 3);
        return ModelPackage.Save(dir, Manifest(), net);
    }

    [Test]
    public void SaveThenLoad_GivesSameManifestAndSameOutputs()
    {
        string path = SaveUNet(out var net);
        using var _ = net;
        Assert.That(Path.GetFileName(path), Is.EqualTo("heart_LV-1.0.pacsseg"));
        var (manifest, loaded) = ModelPackage.Load(path);
        using var __ = loaded;
        Assert.That(manifest.Classes.Select(c => c.Name), Is.EqualTo(new[] { "background", "RV", "LV" }));
        Assert.That(manifest.TrainingMethod, Is.EqualTo("mean-teacher"));
        Assert.That(loaded.IsTraining, Is.False);
        net.Eval();
        using var scope = DisposeScope.Enter();
        using var x = Tensor.Randn([1, 1, 32, 32]);
        using var noGrad = Autograd.NoGrad();
        using var a = net.Forward(x);
        using var b = loaded.Forward(x);
        Assert.That(b.Logits.ToArray<float>(), Is.EqualTo(a.Logits.ToArray<float>()));
    }

    [Test]
    public void Load_WhenWeightsAreAltered_RefusesWithChecksumMessage()
    {
        string path = SaveUNet(out var net);
        net.Dispose();
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(ModelPackage.WeightsEntry)!;
            byte[] bytes;
            using (var s = entry.Open())
            {
                var ms = new MemoryStream();
                s.CopyTo(ms);
                bytes = ms.ToArray();
            }
            bytes[^1] ^= 0x55;
            entry.Delete();
            using var w = zip.CreateEntry(ModelPackage.WeightsEntry).Open();
            w.Write(bytes);
        }
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(path));
        Assert.That(e!.Message, Does.Contain("damaged").And.Contain("SHA-256"));
    }

    [Test]
    public void Load_WhenArchitectureDoesNotMatchWeights_RefusesNamingTheMismatch()
    {
        string path = SaveUNet(out var net);
        net.Dispose();
        RewriteManifest(path, json => json.Replace("\"unet2d\"", "\"unet2d-pccs\"", StringComparison.Ordinal));
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(path));
        Assert.That(e!.Message, Does.Contain("do not match architecture 'unet2d-pccs'"));
    }

    [Test]
    public void Load_WhenManifestNamesUnknownArchitecture_Refuses()
    {
        string path = SaveUNet(out var net);
        net.Dispose();
        RewriteManifest(path, json => json.Replace("\"unet2d\"", "\"transformer9000\"", StringComparison.Ordinal));
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.ReadManifest(path));
        Assert.That(e!.Message, Does.Contain("unknown architecture 'transformer9000'"));
    }

    [Test]
    public void Load_WhenFileIsNotAZip_RefusesClearly()
    {
        string path = Path.Combine(dir, "junk-1.pacsseg");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5]);
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(path));
        Assert.That(e!.Message, Does.Contain("not a zip"));
    }

    [Test]
    public void Load_WhenManifestIsMissing_RefusesClearly()
    {
        string path = Path.Combine(dir, "empty-1.pacsseg");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
            zip.CreateEntry("other.txt");
        var e = Assert.Throws<ModelPackageException>(() => ModelPackage.Load(path));
        Assert.That(e!.Message, Does.Contain("no model.json"));
    }

    private static void RewriteManifest(string path, Func<string, string> edit)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        var entry = zip.GetEntry(ModelPackage.ManifestEntry)!;
        string json;
        using (var r = new StreamReader(entry.Open()))
            json = r.ReadToEnd();
        entry.Delete();
        using var w = new StreamWriter(zip.CreateEntry(ModelPackage.ManifestEntry).Open());
        w.Write(edit(json));
    }
}
