using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Jobs;

public sealed class SqliteJobStoreTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private async Task<SqliteJobStore> OpenAsync()
    {
        var store = new SqliteJobStore(new SqliteDatabase(TestOptions.For(dir.Path)), TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }

    private static async Task<long> AddSeriesAsync(SqliteJobStore store, string series, int instances = 1)
    {
        long id = 0;
        for (int i = 0; i < instances; i++)
            id = (await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", series, $"{series}.{i}"), $"/spool/{series}.{i}", 10, CancellationToken.None)).JobId;
        return id;
    }

    [Test]
    public async Task Database_IsInWalModeWithFullSynchronous()
    {
        var db = new SqliteDatabase(TestOptions.For(dir.Path));
        await db.InitializeAsync(CancellationToken.None);
        await using var connection = await db.OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo("wal"));
        command.CommandText = "PRAGMA synchronous";
        Assert.That(await command.ExecuteScalarAsync(), Is.EqualTo(2L), "2 = FULL");
    }

    [Test]
    public async Task RecordInstance_SameSopInstanceTwice_IsRecordedOnce()
    {
        var store = await OpenAsync();
        var first = await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.4", "1.2.3.4.5"), "/a", 10, CancellationToken.None);
        var again = await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.4", "1.2.3.4.5"), "/a", 10, CancellationToken.None);
        Assert.That(first.IsNewInstance && first.IsNewSeries, Is.True);
        Assert.That(again.IsNewInstance, Is.False);
        Assert.That(again.JobId, Is.EqualTo(first.JobId));
        var job = await store.GetJobAsync(first.JobId, CancellationToken.None);
        Assert.That(job!.InstanceCount, Is.EqualTo(1));
        Assert.That(job.State, Is.EqualTo(JobState.Received));
    }

    [Test]
    public async Task RecordInstance_SeriesQueuedButNotInferred_ReopensTheSeries()
    {
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.9");
        Assert.That(await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, CancellationToken.None), Is.True);
        Assert.That(await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, new JobChanges { Model = "m" }, CancellationToken.None), Is.True);

        var more = await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.9", "1.2.3.9.77"), "/more", 10, CancellationToken.None);
        Assert.That(more.IsLate, Is.False, "inference has not started: the instance becomes part of the series");
        var job = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(job!.State, Is.EqualTo(JobState.Received), "the quiet period starts again");
        Assert.That(job.InstanceCount, Is.EqualTo(2));
        Assert.That(await store.GetInstancePathsAsync(id, CancellationToken.None), Does.Contain("/more"));
    }

    [Test]
    public async Task RecordInstance_SeriesAlreadyInferring_IsLateAndDoesNotReopenTheSeries()
    {
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.19");
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, CancellationToken.None);
        await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, new JobChanges { Model = "m" }, CancellationToken.None);
        Assert.That(await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, CancellationToken.None), Is.True);

        var late = await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.19", "1.2.3.19.77"), "/late", 10, CancellationToken.None);
        Assert.That(late.IsLate, Is.True);
        Assert.That((await store.GetJobAsync(id, CancellationToken.None))!.State, Is.EqualTo(JobState.Inferring));
        Assert.That(await store.GetInstancePathsAsync(id, CancellationToken.None), Does.Contain("/late"), "kept, never dropped");
    }

    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Test]
    public async Task Recover_ReceivedSeries_StartsItsQuietPeriodAgain()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero));
        var store = new SqliteJobStore(new SqliteDatabase(TestOptions.For(dir.Path)), time);
        await store.InitializeAsync(CancellationToken.None);
        long id = (await store.RecordInstanceAsync(TestOptions.Instance("1.2.4", "1.2.4.1", "1.2.4.1.1"), "/a", 1, CancellationToken.None)).JobId;
        Assert.That(await store.HasInstanceAsync("1.2.4.1.1", CancellationToken.None), Is.True);
        Assert.That(await store.HasInstanceAsync("1.2.4.1.2", CancellationToken.None), Is.False);

        // Down for an hour: the series looks quiet, but its sender could not reach us.
        time.Now = time.Now.AddHours(1);
        await store.RecoverAsync(2, CancellationToken.None);

        var job = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(job!.State, Is.EqualTo(JobState.Received));
        Assert.That(job.LastInstanceAt, Is.EqualTo(time.Now), "the quiet period counts from the restart");
    }

    [Test]
    public async Task RecordInstance_DuringAssembly_ReopensTheQuietPeriod()
    {
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.10");
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, CancellationToken.None);
        await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.10", "1.2.3.10.2"), "/b", 10, CancellationToken.None);
        var job = await store.GetJobAsync(id, CancellationToken.None);
        Assert.That(job!.State, Is.EqualTo(JobState.Received));
        Assert.That(job.InstanceCount, Is.EqualTo(2));
        Assert.That(await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, CancellationToken.None), Is.False,
            "the assembler's stale compare-and-set must lose");
    }

    [Test]
    public async Task TryTransition_IllegalTransition_ThrowsAndChangesNothing()
    {
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.11");
        Assert.That(() => store.TryTransitionAsync(id, JobState.Received, JobState.Exporting, JobChanges.None, CancellationToken.None),
            Throws.TypeOf<InvalidJobTransitionException>());
        Assert.That(() => store.TryTransitionAsync(id, JobState.Done, JobState.Queued, JobChanges.None, CancellationToken.None),
            Throws.TypeOf<InvalidJobTransitionException>());
        Assert.That((await store.GetJobAsync(id, CancellationToken.None))!.State, Is.EqualTo(JobState.Received));
    }

    [Test]
    public async Task TryTransition_FullLifecycle_RecordsEveryEventAndResults()
    {
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.12", instances: 3);
        var ct = CancellationToken.None;
        Assert.That(await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct), Is.True);
        Assert.That(await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, new JobChanges { Model = "liver-1" }, ct), Is.True);
        var claimed = await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, new JobChanges { IncrementInferenceAttempts = true }, ct);
        Assert.That(claimed!.Id, Is.EqualTo(id));
        Assert.That(claimed.InferenceAttempts, Is.EqualTo(1));
        Assert.That(await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting,
            new JobChanges { Results = ["/r/seg.dcm", "/r/map.dcm"], SummaryJson = "{\"liver_ml\":1200.5}" }, ct), Is.True);
        Assert.That(await store.TryTransitionAsync(id, JobState.Exporting, JobState.Done, JobChanges.None, ct), Is.True);

        var job = await store.GetJobAsync(id, ct);
        Assert.That(job!.Model, Is.EqualTo("liver-1"));
        Assert.That(job.Results, Is.EqualTo(new[] { "/r/seg.dcm", "/r/map.dcm" }));
        var events = await store.GetEventsAsync(id, ct);
        Assert.That(events.Select(e => e.To), Is.EqualTo(new[] { JobState.Received, JobState.Assembling, JobState.Queued, JobState.Inferring, JobState.Exporting, JobState.Done }));
        var summary = await store.GetStudySummaryAsync("1.2.3", ct);
        Assert.That(summary!.Series.Single().SummaryJson, Does.Contain("liver_ml"));
    }

    [Test]
    public async Task ClaimNext_ManyConcurrentWorkers_EachJobIsClaimedExactlyOnce()
    {
        var store = await OpenAsync();
        var ct = CancellationToken.None;
        for (int i = 0; i < 20; i++)
        {
            long id = await AddSeriesAsync(store, $"1.2.3.100.{i}");
            await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
            await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
        }
        var claimed = new System.Collections.Concurrent.ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, JobChanges.None, ct) is { } job)
                claimed.Add(job.Id);
        })));
        Assert.That(claimed, Has.Count.EqualTo(20));
        Assert.That(claimed.Distinct().Count(), Is.EqualTo(20));
    }

    [Test]
    public async Task ClaimNext_JobWithFutureNextAttempt_IsNotClaimedYet()
    {
        var store = await OpenAsync();
        var ct = CancellationToken.None;
        long id = await AddSeriesAsync(store, "1.2.3.13");
        await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, new JobChanges { NextAttemptAt = DateTimeOffset.UtcNow.AddMinutes(5) }, ct);
        Assert.That(await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, JobChanges.None, ct), Is.Null);
        Assert.That(await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow.AddMinutes(6), JobChanges.None, ct), Is.Not.Null);
    }

    [Test]
    public async Task Recover_AfterReopeningTheDatabase_ResumesInterruptedWork()
    {
        var ct = CancellationToken.None;
        long inferring, assembling, exporting, poisoned;
        {
            var store = await OpenAsync();
            inferring = await AddSeriesAsync(store, "1.2.3.20");
            assembling = await AddSeriesAsync(store, "1.2.3.21");
            exporting = await AddSeriesAsync(store, "1.2.3.22");
            poisoned = await AddSeriesAsync(store, "1.2.3.23");
            foreach (var id in new[] { inferring, assembling, exporting, poisoned })
                await store.TryTransitionAsync(id, JobState.Received, JobState.Assembling, JobChanges.None, ct);
            foreach (var id in new[] { inferring, exporting, poisoned })
            {
                await store.TryTransitionAsync(id, JobState.Assembling, JobState.Queued, JobChanges.None, ct);
                await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, new JobChanges { IncrementInferenceAttempts = true }, ct);
            }
            await store.TryTransitionAsync(exporting, JobState.Inferring, JobState.Exporting, new JobChanges { Results = ["/r/x.dcm"] }, ct);
            // The poisoned series already crashed the service once before.
            await store.TryTransitionAsync(poisoned, JobState.Inferring, JobState.Queued, JobChanges.None, ct);
            await store.TryTransitionAsync(poisoned, JobState.Queued, JobState.Inferring, new JobChanges { IncrementInferenceAttempts = true }, ct);
        }
        // Simulated crash: no shutdown path ran; drop every pooled handle and open the file anew.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var reopened = await OpenAsync();
        Assert.That(await reopened.RecoverAsync(maxInferenceAttempts: 2, ct), Is.EqualTo(3));
        Assert.That((await reopened.GetJobAsync(inferring, ct))!.State, Is.EqualTo(JobState.Queued));
        Assert.That((await reopened.GetJobAsync(assembling, ct))!.State, Is.EqualTo(JobState.Received));
        Assert.That((await reopened.GetJobAsync(exporting, ct))!.State, Is.EqualTo(JobState.Exporting));
        Assert.That((await reopened.GetJobAsync(exporting, ct))!.Results, Is.EqualTo(new[] { "/r/x.dcm" }));
        var poison = await reopened.GetJobAsync(poisoned, ct);
        Assert.That(poison!.State, Is.EqualTo(JobState.Failed));
        Assert.That(poison.InferenceAttempts, Is.EqualTo(2));
        Assert.That(await reopened.RecoverAsync(2, ct), Is.Zero, "recovery is idempotent");
    }

    [Test]
    public async Task Deliveries_AreRememberedAcrossReopen()
    {
        var ct = CancellationToken.None;
        var store = await OpenAsync();
        long id = await AddSeriesAsync(store, "1.2.3.30");
        await store.MarkDeliveredAsync(id, "pacs", ct);
        await store.MarkDeliveredAsync(id, "pacs", ct);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var reopened = await OpenAsync();
        Assert.That(await reopened.GetDeliveriesAsync(id, ct), Is.EquivalentTo(new[] { "pacs" }));
    }

    [Test]
    public async Task CountByState_CountsEveryState()
    {
        var store = await OpenAsync();
        await AddSeriesAsync(store, "1.2.3.40");
        await AddSeriesAsync(store, "1.2.3.41");
        var counts = await store.CountByStateAsync(CancellationToken.None);
        Assert.That(counts[JobState.Received], Is.EqualTo(2));
        Assert.That(counts.Keys, Has.Count.EqualTo(Enum.GetValues<JobState>().Length));
    }

    [Test]
    public async Task AuditLog_KeepsEntriesNewestFirst()
    {
        var db = new SqliteDatabase(TestOptions.For(dir.Path));
        await db.InitializeAsync(CancellationToken.None);
        var audit = new SqliteAuditLog(db);
        await audit.WriteAsync(new AuditEntry(DateTimeOffset.UtcNow, "key:abcd", "retry", "job/1", null), CancellationToken.None);
        await audit.WriteAsync(new AuditEntry(DateTimeOffset.UtcNow, "key:abcd", "retry", "job/2", "from DeadLetter"), CancellationToken.None);
        var entries = await audit.ListAsync(10, CancellationToken.None);
        Assert.That(entries.Select(e => e.Target), Is.EqualTo(new[] { "job/2", "job/1" }));
    }
}
