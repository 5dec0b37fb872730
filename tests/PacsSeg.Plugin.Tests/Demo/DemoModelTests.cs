// The bundled demo model: small enough to commit, made by our trainer, loadable by the inference engine.
using PacsSeg.Plugin.Demo;
using PacsSeg.Segmentation.Inference;
using PacsSeg.Segmentation.Networks;

namespace PacsSeg.Plugin.Tests.Demo;

public sealed class DemoModelTests
{
    [Test]
    public void BundledDemoModel_IsASmallTrainerPackageThatTheEngineLoads()
    {
        string folder = DemoTools.BundledModelsFolder();
        string file = Directory.GetFiles(folder, "*.pacsseg").Single();
        Assert.That(new FileInfo(file).Length, Is.LessThan(10L * 1024 * 1024));
        using var predictor = SegmentationPredictor.Load(file);
        var manifest = predictor.Manifest;
        Assert.That(manifest.Classes.Select(c => c.Name), Is.EqualTo(new[] { "background", "organ" }));
        Assert.That(manifest.Hyperparameters[NetworkFactory.WidthsKey], Is.EqualTo("8,16,32,64,128"));
        Assert.That(manifest.TrainingMethod, Is.EqualTo("supervised"));
        Assert.That(manifest.TargetSpacing, Is.EqualTo(new[] { 1.2, 1.2, 2.0 }).Within(1e-6));
        Assert.That(DemoRunner.ModelName(folder), Is.EqualTo("phantom"), "the name the default routing rule uses");
    }
}
