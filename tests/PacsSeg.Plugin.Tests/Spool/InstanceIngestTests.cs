using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Spool;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Spool;

public sealed class InstanceIngestTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private async Task<(InstanceIngest Ingest, SqliteJobStore Store, PluginMetrics Metrics)> CreateAsync(long minFree)
    {
        var options = TestOptions.For(dir.Path, o => { o.Spool.MinFreeBytes = minFree; o.Spool.RetryAfterSeconds = 42; });
        var store = new SqliteJobStore(new SqliteDatabase(options), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        var metrics = new PluginMetrics();
        var ingest = new InstanceIngest(new FileSpool(options, new DriveDiskSpaceProbe()), store, metrics, options, NullLogger<InstanceIngest>.Instance);
        return (ingest, store, metrics);
    }

    [Test]
    public async Task Accept_WhenDiskIsFull_ReturnsOutOfResourcesWithRetryAfterAndRecordsNothing()
    {
        var (ingest, store, _) = await CreateAsync(minFree: long.MaxValue / 2);
        Assert.That(ingest.IsNearlyFull(out var retry), Is.True);
        Assert.That(retry, Is.EqualTo(TimeSpan.FromSeconds(42)));
        var result = await ingest.AcceptAsync(TestOptions.Instance("1.2", "1.2.3", "1.2.3.4"), new MemoryStream([1, 2]), CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(IngestOutcome.OutOfResources));
        Assert.That(result.IsAcknowledged, Is.False);
        Assert.That(result.RetryAfter, Is.EqualTo(TimeSpan.FromSeconds(42)));
        Assert.That((await store.CountByStateAsync(CancellationToken.None)).Values.Sum(), Is.Zero);
    }

    [Test]
    public async Task Accept_ValidInstance_IsSpooledRecordedAndAcknowledged()
    {
        var (ingest, store, _) = await CreateAsync(minFree: 0);
        var result = await ingest.AcceptAsync(TestOptions.Instance("1.2", "1.2.3", "1.2.3.4"), new MemoryStream([1, 2]), CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(IngestOutcome.Stored));
        var paths = await store.GetInstancePathsAsync(result.JobId!.Value, CancellationToken.None);
        Assert.That(File.ReadAllBytes(paths.Single()), Is.EqualTo(new byte[] { 1, 2 }));
        var again = await ingest.AcceptAsync(TestOptions.Instance("1.2", "1.2.3", "1.2.3.4"), new MemoryStream([1, 2]), CancellationToken.None);
        Assert.That(again.Outcome, Is.EqualTo(IngestOutcome.Duplicate));
        Assert.That(again.IsAcknowledged, Is.True);
    }

    [Test]
    public async Task Accept_MissingOrOverlongUid_IsRejectedWithAReason()
    {
        var (ingest, _, metrics) = await CreateAsync(minFree: 0);
        var noSeries = TestOptions.Instance("1.2", "", "1.2.3.4");
        var result = await ingest.AcceptAsync(noSeries, new MemoryStream([1]), CancellationToken.None);
        Assert.That(result.Outcome, Is.EqualTo(IngestOutcome.Rejected));
        Assert.That(result.Message, Does.Contain("Series Instance UID"));
        var tooLong = TestOptions.Instance("1.2", "1.2.3", new string('1', 65));
        Assert.That((await ingest.AcceptAsync(tooLong, new MemoryStream([1]), CancellationToken.None)).Outcome, Is.EqualTo(IngestOutcome.Rejected));
    }
}
