using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Export;

public sealed class ExportServiceTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    /// <summary>A destination that is down: it counts the calls that reached it.</summary>
    private sealed class DownDestination(string name) : IExportDestination
    {
        public int Calls;
        public string Name { get; } = name;

        public Task SendAsync(ExportBatch batch, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            throw new IOException("connection refused");
        }
    }

    /// <summary>A destination that works: it keeps every batch it was given.</summary>
    private sealed class RecordingDestination(string name) : IExportDestination
    {
        public List<ExportBatch> Batches { get; } = [];
        public string Name { get; } = name;

        public Task SendAsync(ExportBatch batch, CancellationToken cancellationToken)
        {
            lock (Batches) Batches.Add(batch);
            return Task.CompletedTask;
        }
    }

    private sealed class RecordingFactory(IExportDestination destination) : IExportDestinationFactory
    {
        public string Kind => "Recording";
        public IEnumerable<string> Validate(ExportDestinationOptions options) => [];
        public IExportDestination Create(ExportDestinationOptions options) => destination;
    }

    /// <summary>A second series of the study of <see cref="CreateAsync"/>'s job, with its own result, in Exporting.</summary>
    private async Task<long> AddSecondSeriesAsync(SqliteJobStore store, string series = "1.2.5.2")
    {
        var ct = CancellationToken.None;
        string result = Path.Combine(dir.Path, $"map-{series}.dcm");
        await File.WriteAllTextAsync(result, "MAP");
        long id = (await store.RecordInstanceAsync(TestOptions.Instance("1.2.5", series, series + ".1"), "/y", 1, ct)).JobId;
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = [result] }, ct);
        return id;
    }

    private sealed class DownFactory(DownDestination destination) : IExportDestinationFactory
    {
        public string Kind => "Down";
        public IEnumerable<string> Validate(ExportDestinationOptions options) => [];
        public IExportDestination Create(ExportDestinationOptions options) => destination;
    }

    private async Task<(ExportService Service, SqliteJobStore Store, PluginMetrics Metrics, long JobId)> CreateAsync(
        ExportDestinationOptions destination, IExportDestinationFactory factory, int maxAttempts)
    {
        var options = TestOptions.For(dir.Path, o =>
        {
            o.Export.MaxAttempts = maxAttempts;
            o.Export.AttemptDelaySeconds = 0;
            o.Export.Destinations.Add(destination);
        });
        var store = new SqliteJobStore(new SqliteDatabase(options), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        string result = Path.Combine(dir.Path, "seg.dcm");
        await File.WriteAllTextAsync(result, "SEG");
        var ct = CancellationToken.None;
        long id = (await store.RecordInstanceAsync(TestOptions.Instance("1.2.5", "1.2.5.1", "1.2.5.1.1"), "/x", 1, ct)).JobId;
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = [result] }, ct);
        var metrics = new PluginMetrics();
        var targets = new ExportTargets(options, [factory, new FolderDestinationFactory()], new ExportPipelineFactory(TimeProvider.System, NullLogger<ExportPipelineFactory>.Instance));
        var service = new ExportService(store, targets, new ExportSignal(), metrics, options, TimeProvider.System, NullLogger<ExportService>.Instance);
        return (service, store, metrics, id);
    }

    private static ExportDestinationOptions Fast(string name, string kind) => new()
    {
        Name = name,
        Kind = kind,
        MaxRetries = 2,
        BaseDelaySeconds = 0.001,
        MaxDelaySeconds = 0.01,
        TimeoutSeconds = 5,
        BreakerMinimumThroughput = 1000,
    };

    private static async Task<JobRecord> RunUntilSettledAsync(ExportService service, SqliteJobStore store, long id, int maxPasses = 20)
    {
        for (int i = 0; i < maxPasses; i++)
        {
            await service.RunOnceAsync(CancellationToken.None);
            var job = await store.GetJobAsync(id, CancellationToken.None);
            if (job!.State != JobState.Exporting)
                return job;
        }
        Assert.Fail("export never settled");
        throw new InvalidOperationException();
    }

    [Test]
    public async Task Export_DestinationAlwaysDown_RetriesAreBoundedAndTheJobIsDeadLettered()
    {
        var down = new DownDestination("pacs");
        var (service, store, metrics, id) = await CreateAsync(Fast("pacs", "Down"), new DownFactory(down), maxAttempts: 3);
        var job = await RunUntilSettledAsync(service, store, id);
        Assert.That(job.State, Is.EqualTo(JobState.DeadLetter));
        Assert.That(job.ExportAttempts, Is.EqualTo(3));
        Assert.That(down.Calls, Is.EqualTo(3 * (2 + 1)), "attempts x (1 + retries), never more");
        Assert.That(job.Detail, Does.Contain("connection refused"));
        using var text = new StringWriter();
        metrics.Write(text, await store.CountByStateAsync(CancellationToken.None), 0);
        Assert.That(text.ToString(), Does.Contain("pacsseg_export_failures_total{destination=\"pacs\"} 3"));
    }

    [Test]
    public async Task Export_WhenTheCircuitOpens_StopsCallingTheDestination()
    {
        var down = new DownDestination("pacs");
        var options = Fast("pacs", "Down");
        options.MaxRetries = 5;
        options.BreakerMinimumThroughput = 2;
        options.BreakerFailureRatio = 0.5;
        options.BreakerBreakSeconds = 60;
        var (service, store, _, id) = await CreateAsync(options, new DownFactory(down), maxAttempts: 4);
        var job = await RunUntilSettledAsync(service, store, id);
        Assert.That(job.State, Is.EqualTo(JobState.DeadLetter));
        Assert.That(down.Calls, Is.EqualTo(2), "the breaker opened after two failures; nothing reached the PACS after that");
        Assert.That(job.Detail, Does.Contain("circuit").IgnoreCase);
    }

    [Test]
    public async Task Export_DestinationDownThenBack_DeliversExactlyOnce()
    {
        // A real folder destination whose path is blocked by a file: writing fails until the file goes away.
        string folder = Path.Combine(dir.Path, "share");
        await File.WriteAllTextAsync(folder, "in the way");
        var share = Fast("share", "Folder");
        share.Folder = folder;
        var (service, store, _, id) = await CreateAsync(share, new FolderDestinationFactory(), maxAttempts: 5);
        await service.RunOnceAsync(CancellationToken.None);
        var afterFailure = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(afterFailure!.State, Is.EqualTo(JobState.Exporting));
        Assert.That(afterFailure.ExportAttempts, Is.EqualTo(1));

        File.Delete(folder);
        var job = await RunUntilSettledAsync(service, store, id);
        Assert.That(job.State, Is.EqualTo(JobState.Done));
        Assert.That(File.ReadAllText(Path.Combine(folder, "1.2.5", "seg.dcm")), Is.EqualTo("SEG"));
        Assert.That(await store.GetDeliveriesAsync(id, CancellationToken.None), Is.EquivalentTo(new[] { "share" }));
    }

    [Test]
    public async Task Export_StudyWithTwoSeries_GoesAsOneBatchAndIsRecordedPerJob()
    {
        var destination = new RecordingDestination("pacs");
        var (service, store, metrics, first) = await CreateAsync(Fast("pacs", "Recording"), new RecordingFactory(destination), maxAttempts: 3);
        long second = await AddSecondSeriesAsync(store);

        Assert.That(await service.RunOnceAsync(CancellationToken.None), Is.EqualTo(1), "one study attempted");

        var batch = destination.Batches.Single();
        Assert.That(batch.StudyInstanceUid, Is.EqualTo("1.2.5"));
        Assert.That(batch.JobIds, Is.EquivalentTo(new[] { first, second }));
        Assert.That(batch.Files.Select(Path.GetFileName), Is.EquivalentTo(new[] { "seg.dcm", "map-1.2.5.2.dcm" }));
        foreach (long id in new[] { first, second })
        {
            Assert.That((await store.GetJobAsync(id, CancellationToken.None))!.State, Is.EqualTo(JobState.Done));
            Assert.That(await store.GetDeliveriesAsync(id, CancellationToken.None), Is.EquivalentTo(new[] { "pacs" }));
        }
        await service.RunOnceAsync(CancellationToken.None);
        Assert.That(destination.Batches, Has.Count.EqualTo(1), "nothing is sent twice");
    }

    [Test]
    public async Task Export_JobAlreadyDeliveredToADestination_IsNotInTheStudyBatchAgain()
    {
        var destination = new RecordingDestination("pacs");
        var (service, store, _, first) = await CreateAsync(Fast("pacs", "Recording"), new RecordingFactory(destination), maxAttempts: 3);
        long second = await AddSecondSeriesAsync(store);
        await store.MarkDeliveredAsync(first, "pacs", CancellationToken.None);

        await service.RunOnceAsync(CancellationToken.None);

        Assert.That(destination.Batches.Single().JobIds, Is.EqualTo(new[] { second }));
        Assert.That((await store.GetJobAsync(first, CancellationToken.None))!.State, Is.EqualTo(JobState.Done));
    }

    [Test]
    public async Task Export_StudyDown_AttemptsAreCountedOncePerStudyAndTheStudyIsDeadLetteredTogether()
    {
        var down = new DownDestination("pacs");
        var (service, store, metrics, first) = await CreateAsync(Fast("pacs", "Down"), new DownFactory(down), maxAttempts: 3);
        long second = await AddSecondSeriesAsync(store);

        var job = await RunUntilSettledAsync(service, store, first);

        var other = await store.GetJobAsync(second, CancellationToken.None);
        Assert.That((job.State, other!.State), Is.EqualTo((JobState.DeadLetter, JobState.DeadLetter)));
        Assert.That((job.ExportAttempts, other.ExportAttempts), Is.EqualTo((3, 3)), "the study's attempts, shared");
        Assert.That(down.Calls, Is.EqualTo(3 * (2 + 1)), "attempts x (1 + retries) for the whole study, not per series or file");
        using var text = new StringWriter();
        metrics.Write(text, await store.CountByStateAsync(CancellationToken.None), 0);
        Assert.That(text.ToString(), Does.Contain("pacsseg_export_failures_total{destination=\"pacs\"} 3"));
    }

    [Test]
    public async Task Export_SeriesReachingExportingDuringItsStudysBackoff_WaitsWithTheStudy()
    {
        var destination = new RecordingDestination("pacs");
        var (service, store, _, first) = await CreateAsync(Fast("pacs", "Recording"), new RecordingFactory(destination), maxAttempts: 3);
        await store.TryTransitionAsync(first, JobState.Exporting, JobState.Exporting,
            new JobChanges { ExportAttempts = 1, NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(10) }, CancellationToken.None);
        long second = await AddSecondSeriesAsync(store);

        Assert.That(await service.RunOnceAsync(CancellationToken.None), Is.Zero);
        Assert.That(destination.Batches, Is.Empty, "no attempt of the study before its backoff ends");
        Assert.That((await store.GetJobAsync(second, CancellationToken.None))!.State, Is.EqualTo(JobState.Exporting));
    }
}
