using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Export;

/// <summary>Results go to Orthanc's DICOMweb plugin over STOW-RS with basic authentication.</summary>
[Category("Peer")]
public sealed class StowExportTests
{
    private const string Study = "1.2.826.0.1.3680043.9.7777.21";

    private static async Task<(SqliteJobStore Store, ExportService Service, long JobId, string[] Files)> ExportingJobAsync(TestDirectory dir, string url, string password)
    {
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "results"), Study, Study + ".2", 2);
        var options = TestOptions.For(dir.Path, o =>
        {
            o.Export.MaxAttempts = 3;
            o.Export.AttemptDelaySeconds = 0;
            o.Export.Destinations.Add(new ExportDestinationOptions
            {
                Name = "web", Kind = "Stow", Url = url, Username = OrthancPeer.User, Password = password,
                MaxRetries = 0, TimeoutSeconds = 20, BreakerMinimumThroughput = 1000,
            });
        });
        var store = new SqliteJobStore(new SqliteDatabase(options), TimeProvider.System);
        var ct = CancellationToken.None;
        await store.InitializeAsync(ct);
        long id = (await store.RecordInstanceAsync(TestOptions.Instance(Study, Study + ".1", Study + ".1.1"), "/x", 1, ct)).JobId;
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = files }, ct);
        var targets = new ExportTargets(options, [new StowDestinationFactory()],
            new ExportPipelineFactory(TimeProvider.System, NullLogger<ExportPipelineFactory>.Instance));
        var service = new ExportService(store, targets, new ExportSignal(), new PluginMetrics(), options, TimeProvider.System, NullLogger<ExportService>.Instance);
        return (store, service, id, files);
    }

    [Test]
    public async Task Export_ToStowRsWithCredentials_StoresEveryResultInOneStudy()
    {
        using var dir = new TestDirectory();
        await using var orthanc = await OrthancPeer.StartAsync();
        var (store, service, id, _) = await ExportingJobAsync(dir, orthanc.DicomWebUrl, OrthancPeer.Password);

        await service.RunOnceAsync(CancellationToken.None);

        var job = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(job!.State, Is.EqualTo(JobState.Done), job.Detail);
        Assert.That(await store.GetDeliveriesAsync(id, CancellationToken.None), Is.EquivalentTo(new[] { "web" }));
        using var instances = JsonDocument.Parse(await orthanc.Http.GetStringAsync("instances"));
        Assert.That(instances.RootElement.GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task Export_ToStowRsWithWrongPassword_StaysUndeliveredAndCountsTheAttempt()
    {
        using var dir = new TestDirectory();
        await using var orthanc = await OrthancPeer.StartAsync();
        var (store, service, id, _) = await ExportingJobAsync(dir, orthanc.DicomWebUrl, "wrong");

        await service.RunOnceAsync(CancellationToken.None);

        var job = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(job!.State, Is.EqualTo(JobState.Exporting));
        Assert.That(job.ExportAttempts, Is.EqualTo(1));
        Assert.That(await store.GetDeliveriesAsync(id, CancellationToken.None), Is.Empty);
        using var instances = JsonDocument.Parse(await orthanc.Http.GetStringAsync("instances"));
        Assert.That(instances.RootElement.GetArrayLength(), Is.EqualTo(0));
    }

    [Test]
    public void Validate_WithoutAbsoluteHttpUrl_ReportsTheProblem()
    {
        var problems = new StowDestinationFactory().Validate(new ExportDestinationOptions { Name = "web", Kind = "Stow", Url = "pacs/dicom-web" }).ToList();
        Assert.That(problems, Has.Exactly(1).Contains("absolute http(s) Url"));
    }
}
