using PacsSeg.Segmentation.Packaging;
using PacsSeg.Trainer.Cli;

namespace PacsSeg.Trainer.Tests.Training.Methods2D;

/// <summary><c>train fit --method NAME</c> for the new 2D methods: the run trains and packages the backbone only.</summary>
[NonParallelizable]
public class Methods2DFitCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("pacsseg-fit2d-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    // Two of the four (the other two share these wrappers): PCCS's student + teacher heads, SPC's projection head
    // under the state-dict EMA. The registry test covers all four names.
    [TestCase("pccs")]
    [TestCase("spc-bcp")]
    public void Fit_NewMethod_WritesAModelPackageThatLoadsAsThePlainUNet(string method)
    {
        string ds = Path.Combine(_dir, "ds"), runs = Path.Combine(_dir, "runs");
        Assert.That(TrainerCommandLine.Run(["phantom", ds, "--labeled", "2", "--unlabeled", "2", "--test", "1", "--size", "32"]), Is.EqualTo(0));
        Assert.That(TrainerCommandLine.Run(["plan", ds, "--labeled-batch", "2", "--unlabeled-batch", "2", "--iterations", "2"]), Is.EqualTo(0));

        Assert.That(TrainerCommandLine.Run(["fit", ds, "--method", method, "--runs", runs]), Is.EqualTo(0));

        var packages = Directory.GetFiles(Path.Combine(runs, $"{method}__2d__0"), "*" + ModelPackage.Extension);
        Assert.That(packages, Has.Length.EqualTo(1));
        var (manifest, network) = ModelPackage.Load(packages[0]);
        using var loaded = network;
        Assert.That(manifest.TrainingMethod, Is.EqualTo(method));
        Assert.That(manifest.Architecture, Is.EqualTo("unet2d"));
        Assert.That(loaded.StateDict().Keys, Has.None.StartsWith("heads."));
    }
}
