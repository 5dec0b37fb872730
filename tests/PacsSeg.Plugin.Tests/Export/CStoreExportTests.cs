using PacsSeg.Tests.Shared;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Export;

/// <summary>Results go to dcmtk's storescp over C-STORE; the PACS is down at first and comes up later.</summary>
[Category("Peer")]
public sealed class CStoreExportTests
{
    [Test]
    public async Task Export_PacsDownThenUp_ResultsArriveOnceWithBoundedAttempts()
    {
        using var dir = new TestDirectory();
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "results"), "1.2.826.0.1.3680043.9.7777.9", "1.2.826.0.1.3680043.9.7777.9.2", 2);
        int port = FreePort.Next();
        var ct = CancellationToken.None;
        using var export = await ExportToStorescp.CreateAsync(dir.Path, port, maxAttempts: 5);
        var (store, service) = (export.Store, export.Service);
        long id = await export.ExportingJobAsync("1.2.826.0.1.3680043.9.7777.9", "1.2.826.0.1.3680043.9.7777.9.1", files);

        // PACS down: connection refused, one job-level attempt used, nothing lost.
        await service.RunOnceAsync(ct);
        var down = await store.GetJobAsync(id, ct);
        Assert.That(down!.State, Is.EqualTo(JobState.Exporting));
        Assert.That(down.ExportAttempts, Is.EqualTo(1));

        string received = Path.Combine(dir.Path, "pacs");
        Directory.CreateDirectory(received);
        var psi = new ProcessStartInfo("storescp", ["-aet", "STORESCP", "-od", received, port.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var storescp = Process.Start(psi)!;
        try
        {
            JobRecord? job = null;
            var until = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < until)
            {
                await service.RunOnceAsync(ct);
                job = await store.GetJobAsync(id, ct);
                if (job!.State != JobState.Exporting)
                    break;
                await Task.Delay(200);
            }
            Assert.That(job!.State, Is.EqualTo(JobState.Done), job.Detail);
            Assert.That(job.ExportAttempts, Is.LessThanOrEqualTo(5));
            Assert.That(Directory.GetFiles(received), Has.Length.EqualTo(2), "both results stored by the PACS");
            await service.RunOnceAsync(ct);
            Assert.That(Directory.GetFiles(received), Has.Length.EqualTo(2), "a Done job is never sent again");
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync();
        }
    }

    [Test]
    public async Task Export_StudyWithTwoSeries_AllResultsGoInOneAssociation()
    {
        using var dir = new TestDirectory();
        const string study = "1.2.826.0.1.3680043.9.7777.8";
        var seg = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "a"), study, study + ".91", 2);
        var map = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "b"), study, study + ".92", 2);
        int port = FreePort.Next();
        var ct = CancellationToken.None;
        using var export = await ExportToStorescp.CreateAsync(dir.Path, port, maxAttempts: 3);
        var (store, service) = (export.Store, export.Service);
        var ids = new List<long>();
        foreach (var (series, files) in new[] { (study + ".1", seg), (study + ".2", map) })
            ids.Add(await export.ExportingJobAsync(study, series, files));
        string received = Path.Combine(dir.Path, "pacs");
        Directory.CreateDirectory(received);
        var log = new System.Text.StringBuilder();
        using var storescp = PeerTools.StartReadingOutput(new ProcessStartInfo("storescp", ["-v", "-aet", "STORESCP", "-od", received, port.ToString()]),
            line => { lock (log) log.AppendLine(line); });
        try
        {
            // storescp may need a moment to listen: a refused first attempt is fine, the study is retried as a unit.
            for (int i = 0; i < 50 && (await store.GetJobAsync(ids[0], ct))!.State == JobState.Exporting; i++)
            {
                await service.RunOnceAsync(ct);
                await Task.Delay(100);
            }
            foreach (long id in ids)
                Assert.That((await store.GetJobAsync(id, ct))!.State, Is.EqualTo(JobState.Done));
            Assert.That(Directory.GetFiles(received), Has.Length.EqualTo(4), "both series' results stored");
        }
        finally
        {
            storescp.Kill();
            await storescp.WaitForExitAsync();
        }
        string text;
        lock (log) text = log.ToString();
        int associations = text.Split('\n').Count(l => l.Contains("Association Received", StringComparison.Ordinal));
        Assert.That(associations, Is.EqualTo(1), $"one association for the study's results; storescp said:\n{text}");
    }
}

/// <summary>A job store and an export service with one C-STORE destination (STORESCP on <c>port</c>) in a test folder.</summary>
internal sealed class ExportToStorescp : IDisposable
{
    private readonly DicomNetworkMetrics dicomMetrics;

    private ExportToStorescp(SqliteJobStore store, ExportService service, DicomNetworkMetrics dicomMetrics)
    {
        Store = store;
        Service = service;
        this.dicomMetrics = dicomMetrics;
    }

    public SqliteJobStore Store { get; }
    public ExportService Service { get; }

    public static async Task<ExportToStorescp> CreateAsync(string folder, int port, int maxAttempts)
    {
        var options = TestOptions.For(folder, o =>
        {
            o.Export.MaxAttempts = maxAttempts;
            o.Export.AttemptDelaySeconds = 0;
            o.Export.Destinations.Add(new ExportDestinationOptions
            {
                Name = "pacs", Kind = "CStore", AeTitle = "STORESCP", Host = "127.0.0.1", Port = port,
                MaxRetries = 1, BaseDelaySeconds = 0.01, MaxDelaySeconds = 0.05, TimeoutSeconds = 10, BreakerMinimumThroughput = 1000,
            });
        });
        var store = new SqliteJobStore(new SqliteDatabase(options), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var dicomMetrics = new DicomNetworkMetrics();
        var targets = new ExportTargets(options, [new CStoreDestinationFactory(NullLoggerFactory.Instance, dicomMetrics)],
            new ExportPipelineFactory(TimeProvider.System, NullLogger<ExportPipelineFactory>.Instance));
        var service = new ExportService(store, targets, new ExportSignal(), new PluginMetrics(), options, TimeProvider.System, NullLogger<ExportService>.Instance);
        return new ExportToStorescp(store, service, dicomMetrics);
    }

    /// <summary>Records one instance of the series and walks its job to Exporting with <paramref name="results"/>.</summary>
    public async Task<long> ExportingJobAsync(string study, string series, IReadOnlyList<string> results)
    {
        var ct = CancellationToken.None;
        long id = (await Store.RecordInstanceAsync(TestOptions.Instance(study, series, series + ".1"), "/x", 1, ct)).JobId;
        await Store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
        await Store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
        await Store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, ct);
        await Store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = results }, ct);
        return id;
    }

    public void Dispose() => dicomMetrics.Dispose();
}
