using PacsSeg.Tests.Shared;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Hosting;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Hosting;

public sealed class PluginHostTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    [Test]
    public void Build_WithBadConfiguration_ListsEveryProblem()
    {
        var settings = RunningPlugin.DefaultSettings(dir.Path, 70000, 50051);
        settings["PacsSeg:Routing:Rules:0:SeriesDescriptionPattern"] = "([";
        settings["PacsSeg:Export:Destinations:0:Name"] = "pacs";
        settings["PacsSeg:Export:Destinations:0:Kind"] = "Carrier-Pigeon";
        settings["PacsSeg:Database:Provider"] = "Oracle";
        var ex = Assert.Throws<OptionsValidationException>(() => PluginHost.Build(new PluginHostSettings { Overrides = settings }));
        var all = string.Join("\n", ex!.Failures);
        Assert.That(all, Does.Contain("HttpPort 70000"));
        Assert.That(all, Does.Contain("SeriesDescriptionPattern is not a valid regular expression"));
        Assert.That(all, Does.Contain("Kind 'Carrier-Pigeon' is not available"));
        Assert.That(all, Does.Contain("Provider 'Oracle'"));
    }

    [Test]
    public async Task Rest_WithoutCredentials_Returns401ButHealthIsOpen()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        foreach (var path in new[] { "/jobs", "/jobs/1", "/metrics", "/models", "/audit" })
        {
            var response = await plugin.Anonymous.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), path);
            Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("Bearer"));
        }
        using var wrongKey = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        wrongKey.Headers.Add("X-Api-Key", "not-the-key-0123456789");
        Assert.That((await plugin.Anonymous.SendAsync(wrongKey)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/jobs");
        bearer.Headers.Authorization = RunningPlugin.Bearer(RunningPlugin.ApiKey);
        Assert.That((await plugin.Anonymous.SendAsync(bearer)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await plugin.Anonymous.GetAsync("/health/live")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await plugin.Anonymous.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Ready_WhenSpoolIsNearlyFull_Returns503()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?> { ["PacsSeg:Spool:MinFreeBytes"] = (long.MaxValue / 2).ToString() });
        var response = await plugin.Anonymous.GetAsync("/health/ready");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("nearly full"));
    }

    [Test]
    public async Task DefaultInstallation_WithoutConfiguredKeys_GeneratesAPrivateKeyFileThatWorks()
    {
        var settings = new Dictionary<string, string?> { ["PacsSeg:Security:ApiKeys:0"] = null };
        int http = FreePort.Next(), grpc = FreePort.Next();
        var all = RunningPlugin.DefaultSettings(dir.Path, http, grpc);
        all.Remove("PacsSeg:Security:ApiKeys:0");
        var app = PluginHost.Build(new PluginHostSettings { Overrides = all, MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning });
        await app.StartAsync();
        try
        {
            string keyFile = Path.Combine(dir.Path, "api-key");
            Assert.That(File.Exists(keyFile), Is.True);
            if (!OperatingSystem.IsWindows())
                Assert.That(File.GetUnixFileMode(keyFile), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{http}") };
            Assert.That((await client.GetAsync("/jobs")).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            client.DefaultRequestHeaders.Add("X-Api-Key", File.ReadAllText(keyFile).Trim());
            Assert.That((await client.GetAsync("/jobs")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Test]
    public async Task Pipeline_SeriesReceived_IsRoutedInferredExportedOnceAndDone()
    {
        string exportFolder = Path.Combine(dir.Path, "export");
        var engine = new RecordingInferenceEngine();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["PacsSeg:Export:Destinations:0:Name"] = "share",
            ["PacsSeg:Export:Destinations:0:Kind"] = "Folder",
            ["PacsSeg:Export:Destinations:0:Folder"] = exportFolder,
        }, services => services.AddSingleton<IInferenceEngine>(engine));
        var ingest = plugin.Services.GetRequiredService<IInstanceIngest>();
        long jobId = 0;
        for (int i = 0; i < 3; i++)
            jobId = (await ingest.AcceptAsync(TestOptions.Instance("1.2.9", "1.2.9.1", $"1.2.9.1.{i}"), new MemoryStream(new byte[100 + i]), CancellationToken.None)).JobId!.Value;
        // A SEG in the same study must never be processed.
        long segJob = (await ingest.AcceptAsync(TestOptions.Instance("1.2.9", "1.2.9.2", "1.2.9.2.1", modality: "SEG", sopClass: "1.2.840.10008.5.1.4.1.1.66.4"),
            new MemoryStream([1]), CancellationToken.None)).JobId!.Value;

        var store = plugin.Services.GetRequiredService<IJobStore>();
        var job = await WaitForAsync(store, jobId, JobState.Done);
        var seg = await WaitForAsync(store, segJob, JobState.Done);
        Assert.That(seg.Detail, Does.Contain("never processed"));
        Assert.That(job.Model, Is.EqualTo("phantom"));
        Assert.That(engine.Runs, Is.EqualTo(1), "one series, one inference");
        Assert.That(File.ReadAllText(Path.Combine(exportFolder, "1.2.9", "seg.dcm")), Is.EqualTo("phantom:3:303"));
        Assert.That(job.SummaryJson, Does.Contain("\"instances\":3"));

        var detail = await plugin.Admin.GetFromJsonAsync<JsonElement>($"/jobs/{jobId}");
        var states = detail.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("to").GetString()).ToList();
        Assert.That(states, Is.EqualTo(new[] { "Received", "Assembling", "Queued", "Inferring", "Exporting", "Done" }));
        Assert.That(detail.GetProperty("deliveredTo").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { "share" }));

        var metrics = await plugin.Admin.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("pacsseg_instances_received_total 4"));
        Assert.That(metrics, Does.Contain("pacsseg_jobs{state=\"Done\"} 2"));
        Assert.That(metrics, Does.Contain("pacsseg_inference_seconds_count 1"));
        Assert.That(metrics, Does.Contain("pacsseg_exports_delivered_total 1"));
    }

    [Test]
    public async Task Restart_AfterCrashDuringInference_ResumesTheJobAndFinishesIt()
    {
        var ct = CancellationToken.None;
        long jobId;
        // First life: no engine, the job is claimed by hand and "crashes" in Inferring.
        await using (var first = await RunningPlugin.StartAsync(dir.Path))
        {
            var ingest = first.Services.GetRequiredService<IInstanceIngest>();
            jobId = (await ingest.AcceptAsync(TestOptions.Instance("1.2.8", "1.2.8.1", "1.2.8.1.1"), new MemoryStream([5, 5]), ct)).JobId!.Value;
            var store = first.Services.GetRequiredService<IJobStore>();
            await WaitForAsync(store, jobId, JobState.Queued);
            Assert.That(await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, new JobChanges { IncrementInferenceAttempts = true }, ct), Is.Not.Null);
        }
        var engine = new RecordingInferenceEngine();
        await using var second = await RunningPlugin.StartAsync(dir.Path, null, services => services.AddSingleton<IInferenceEngine>(engine));
        var job = await WaitForAsync(second.Services.GetRequiredService<IJobStore>(), jobId, JobState.Done);
        Assert.That(engine.Runs, Is.EqualTo(1));
        Assert.That(job.InferenceAttempts, Is.EqualTo(2), "the interrupted attempt counts");
    }

    [Test]
    public async Task Retry_DeadLetteredJob_RequeuesExportAndIsAudited()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var store = plugin.Services.GetRequiredService<IJobStore>();
        var ct = CancellationToken.None;
        long id = (await plugin.Services.GetRequiredService<IInstanceIngest>().AcceptAsync(TestOptions.Instance("1.2.7", "1.2.7.1", "1.2.7.1.1", modality: "MR"), new MemoryStream([1]), ct)).JobId!.Value;
        var done = await WaitForAsync(store, id, JobState.Done);
        Assert.That(done.Detail, Does.Contain("no routing rule"));
        Assert.That((await plugin.Admin.PostAsync($"/jobs/{id}/retry", null)).StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "Done cannot be retried");
        Assert.That((await plugin.Admin.PostAsync("/jobs/999999/retry", null)).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await plugin.Anonymous.PostAsync($"/jobs/{id}/retry", null)).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));

        long dead = (await plugin.Services.GetRequiredService<IInstanceIngest>().AcceptAsync(TestOptions.Instance("1.2.7", "1.2.7.2", "1.2.7.2.1"), new MemoryStream([1]), ct)).JobId!.Value;
        await WaitForAsync(store, dead, JobState.Queued);
        await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, JobChanges.None, ct);
        await store.TryTransitionAsync(dead, JobState.Inferring, JobState.Exporting, JobChanges.None, ct);
        await store.TryTransitionAsync(dead, JobState.Exporting, JobState.DeadLetter, new JobChanges { ExportAttempts = 1 }, ct);
        // A second series of the same study, dead-lettered with it (export attempts belong to the study).
        long sibling = (await plugin.Services.GetRequiredService<IInstanceIngest>().AcceptAsync(TestOptions.Instance("1.2.7", "1.2.7.3", "1.2.7.3.1"), new MemoryStream([1]), ct)).JobId!.Value;
        await WaitForAsync(store, sibling, JobState.Queued);
        await store.ClaimNextAsync(JobState.Queued, JobState.Inferring, DateTimeOffset.UtcNow, JobChanges.None, ct);
        await store.TryTransitionAsync(sibling, JobState.Inferring, JobState.Exporting, JobChanges.None, ct);
        await store.TryTransitionAsync(sibling, JobState.Exporting, JobState.DeadLetter, new JobChanges { ExportAttempts = 1 }, ct);

        var response = await plugin.Admin.PostAsync($"/jobs/{dead}/retry", null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.That(body.GetProperty("jobs").EnumerateArray().Select(j => j.GetInt64()), Is.EquivalentTo(new[] { dead, sibling }), "the study goes back as a unit");
        var after = await WaitForAsync(store, dead, JobState.Done);
        Assert.That(after.ExportAttempts, Is.Zero, "a re-queue starts a fresh attempt budget");
        Assert.That((await WaitForAsync(store, sibling, JobState.Done)).ExportAttempts, Is.Zero);
        var audit = await plugin.Admin.GetFromJsonAsync<JsonElement>("/audit");
        var entry = audit.EnumerateArray().First();
        Assert.That(entry.GetProperty("action").GetString(), Is.EqualTo("retry"));
        Assert.That(entry.GetProperty("target").GetString(), Is.EqualTo($"job/{dead}"));
        Assert.That(entry.GetProperty("actor").GetString(), Does.StartWith("key:"));
        Assert.That(entry.GetProperty("actor").GetString(), Does.Not.Contain(RunningPlugin.ApiKey));
    }

    [TestCase(1, JobState.Done, 2)]
    [TestCase(5, JobState.Failed, 2)]
    public async Task Inference_FailingAttempts_AreRetriedUpToMaxAttempts(int failures, JobState expected, int expectedRuns)
    {
        var engine = new RecordingInferenceEngine { FailFirst = failures };
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["PacsSeg:Inference:MaxAttempts"] = "2",
            ["PacsSeg:Inference:RetryDelaySeconds"] = "0.1",
        }, services => services.AddSingleton<IInferenceEngine>(engine));
        long id = (await plugin.Services.GetRequiredService<IInstanceIngest>().AcceptAsync(TestOptions.Instance("1.2.6", "1.2.6.1", "1.2.6.1.1"), new MemoryStream([1]), CancellationToken.None)).JobId!.Value;
        var job = await WaitForAsync(plugin.Services.GetRequiredService<IJobStore>(), id, expected);
        Assert.That(engine.Runs, Is.EqualTo(expectedRuns));
        Assert.That(job.InferenceAttempts, Is.EqualTo(2));
        if (expected == JobState.Failed)
            Assert.That(job.Detail, Does.Contain("engine failure for the test"));
    }

    [Test]
    public async Task Jobs_WithUnknownStateFilter_Returns400()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var response = await plugin.Admin.GetAsync("/jobs?state=Sleeping");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Unknown state"));
    }

    internal static async Task<JobRecord> WaitForAsync(IJobStore store, long id, JobState state, double seconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        JobRecord? job = null;
        while (DateTime.UtcNow < until)
        {
            job = await store.GetJobAsync(id, CancellationToken.None);
            if (job?.State == state)
                return job;
            await Task.Delay(50);
        }
        Assert.Fail($"job {id} did not reach {state} in {seconds} s; it is {job?.State} ({job?.Detail})");
        throw new InvalidOperationException();
    }
}
