using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Models;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Inference;

public class SegmentationInferenceEngineTests
{
    [Test]
    public async Task Run_WhenTheRoutedModelIsNotInstalled_FailsNamingTheModel()
    {
        using var dir = new TestDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "models"));
        using var engine = new SegmentationInferenceEngine(new FolderModelRegistry(TestOptions.For(dir.Path)), NullLogger<SegmentationInferenceEngine>.Instance);
        var job = new JobRecord { Id = 1, CorrelationId = "c", StudyInstanceUid = "1.2", SeriesInstanceUid = "1.2.3", SourceAe = "SCANNER", State = JobState.Inferring };
        var e = Assert.ThrowsAsync<InvalidOperationException>(() =>
            engine.RunAsync(new InferenceRequest(job, "liver", "cpu", [], Path.Combine(dir.Path, "out")), null, CancellationToken.None));
        Assert.That(e!.Message, Does.Contain("'liver'").And.Contain("0 packages"));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "out")), Is.False, "nothing written");
    }
}
