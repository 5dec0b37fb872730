// The demo's path with real peers: Orthanc auto-routes a stable phantom CT study to the plugin, the
// plugin segments it with the bundled demo model and stores the SEG and the Parametric Map back in Orthanc.
using PacsSeg.Imaging.IO;
using PacsSeg.Plugin.Demo;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Demo;

[Category("Peer")]
public sealed class DemoEndToEndTests
{
    [Test]
    public async Task StableStudyInOrthanc_IsRoutedSegmentedAndTheResultsAreStoredBackValid()
    {
        using var dir = new TestDirectory();
        var tools = DemoTools.Locate();
        var runner = new DemoRunner(tools, new DemoOptions
        {
            Size = 128,
            Slices = 64,
            Seed = 4242,
            OutputFolder = Path.Combine(dir.Path, "out"),
            // About a minute on an idle 2-core machine; minutes when other builds share the cores.
            Timeout = TimeSpan.FromMinutes(8),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(9));

        var report = await runner.RunAsync(timeout.Token);

        Assert.That(report.Instances, Is.EqualTo(64));
        Assert.That(report.Stages.Select(s => s.Name.Trim()), Does.Contain("receive (C-STORE into the spool)").And.Contain("export (C-STORE to Orthanc)"));
        var files = new[] { report.SegmentationFile, report.ParametricMapFile }.OfType<string>().ToList();
        foreach (var file in files)
        {
            var (_, validation) = await PeerTools.RunAsync("dciodvfy", file);
            Assert.That(validation.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, $"{Path.GetFileName(file)}:\n{validation}");
            Assert.That(PacsSeg.Dicom.DicomFile.Open(file).Dataset.GetString(PacsSeg.Dicom.DicomTags.StudyInstanceUID), Is.EqualTo(report.StudyInstanceUid),
                "the result fetched from Orthanc belongs to the routed study");
        }
        Assert.That(PacsSeg.Dicom.DicomFile.Open(report.ParametricMapFile).Dataset.GetString(PacsSeg.Dicom.DicomTags.SOPClassUID), Is.EqualTo(DemoRunner.ParametricMapStorage));
        Assert.That(report.SegmentationFile, Is.Not.Null, "the bundled demo model finds the organ, so a SEG comes back");
        Assert.That(report.Dice, Is.GreaterThan(0.5), "the demo model finds the phantom's organ");
        Assert.That(report.Png, Is.Not.Null);
        var png = PngReader.Read(report.Png!);
        Assert.That((png.Width, png.Height), Is.EqualTo((1024, 1024)));
        Assert.That(png.Pixels.Distinct().Count(), Is.GreaterThan(16), "the picture shows something");
    }
}
