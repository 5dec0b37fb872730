// PACS down with real peers: the plugin host segments a CT series (storescu -> its C-STORE SCP, the tiny
// test model) and exports the SEG / Parametric Map to Orthanc over C-STORE. Orthanc is stopped before the
// series is processed, so its export finds it down, and started again 60 s later on the same port and
// storage. The results must arrive in Orthanc once, and the failed attempts must stay within what the
// export schedule (Export:AttemptDelaySeconds x attempt number between attempts) allows in the downtime.
using PacsSeg.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.Safety;

[Category("Peer")]
public sealed class PacsDownTests
{
    private const int MaxAttempts = 10;
    private const double AttemptDelaySeconds = 5;
    private static readonly TimeSpan Downtime = TimeSpan.FromSeconds(60);

    [Test]
    public async Task OrthancDownDuringExport_BackAfter60s_ResultsArriveOnceWithBoundedAttempts()
    {
        if (!OrthancPeer.IsInstalled)
            Assert.Ignore("Orthanc is not installed (install/setup.sh installs it).");
        using var dir = new TestDirectory();
        string data = Path.Combine(dir.Path, "data"), orthancFolder = Path.Combine(dir.Path, "orthanc"), series = Path.Combine(dir.Path, "series");
        Directory.CreateDirectory(orthancFolder);
        TestModels.InstallPhantomModel(Path.Combine(data, "models"), patchSize: 32);
        await SafetyPeers.WriteStudiesAsync(series, 1, 1, 20, 32);
        int orthancHttp = FreePort.Next(), orthancDicom = FreePort.Next(), pluginDicom = FreePort.Next();
        var orthanc = await OrthancPeer.StartAsync(orthancFolder, orthancHttp, orthancDicom, null);
        try
        {
            string I(double v) => v.ToString(CultureInfo.InvariantCulture);
            await using var plugin = await RunningPlugin.StartAsync(data, new Dictionary<string, string?>
            {
                ["PacsSeg:Dicom:Server:Port"] = I(pluginDicom),
                ["PacsSeg:Assembly:QuietPeriodSeconds"] = "1",
                ["PacsSeg:Export:MaxAttempts"] = I(MaxAttempts),
                ["PacsSeg:Export:AttemptDelaySeconds"] = I(AttemptDelaySeconds),
                ["PacsSeg:Export:Destinations:0:Name"] = "orthanc",
                ["PacsSeg:Export:Destinations:0:Kind"] = "CStore",
                ["PacsSeg:Export:Destinations:0:AeTitle"] = OrthancPeer.AeTitle,
                ["PacsSeg:Export:Destinations:0:Host"] = "127.0.0.1",
                ["PacsSeg:Export:Destinations:0:Port"] = I(orthancDicom),
                ["PacsSeg:Export:Destinations:0:MaxRetries"] = "2",
                ["PacsSeg:Export:Destinations:0:BaseDelaySeconds"] = "0.2",
                ["PacsSeg:Export:Destinations:0:MaxDelaySeconds"] = "1",
                ["PacsSeg:Export:Destinations:0:TimeoutSeconds"] = "10",
                ["PacsSeg:Export:Destinations:0:BreakerMinimumThroughput"] = "1000",
            });
            var store = plugin.Services.GetRequiredService<IJobStore>();
            await SafetyPeers.SendFolderAsync(series, "PACSSEG", pluginDicom);

            // The export starts the moment inference commits its results, so the PACS goes down as soon as the
            // series' job exists (during its quiet period): the export, and every attempt of the downtime, finds it down.
            var job = await WaitForAsync(store, _ => true);
            Assert.That(job.State, Is.AnyOf(JobState.Received, JobState.Assembling), "Orthanc is stopped before the series is even queued");
            await orthanc.StopAsync();
            var down = Stopwatch.StartNew();
            job = await WaitForAsync(store, j => j.State != JobState.Inferring && j.ExportAttempts >= 1 || JobStateMachine.IsTerminal(j.State));
            Assert.That(job.State, Is.EqualTo(JobState.Exporting), $"the first attempt failed and the job waits: {job.Detail}");
            await Task.Delay(Downtime > down.Elapsed ? Downtime - down.Elapsed : TimeSpan.Zero);
            await orthanc.DisposeAsync();
            orthanc = await OrthancPeer.StartAsync(orthancFolder, orthancHttp, orthancDicom, null);
            double downSeconds = down.Elapsed.TotalSeconds;

            job = await WaitForAsync(store, j => JobStateMachine.IsTerminal(j.State), TimeSpan.FromMinutes(4));
            Assert.That(job.State, Is.EqualTo(JobState.Done), job.Detail);
            Assert.That(await store.GetDeliveriesAsync(job.Id, CancellationToken.None), Is.EquivalentTo(new[] { "orthanc" }));

            // Results in Orthanc, once: one new instance per result, and nothing else.
            var expected = job.Results.Select(SafetyPeers.SopOf).ToList();
            var instances = await orthanc.GetJsonAsync("instances?expand");
            var stored = instances.EnumerateArray().Select(i => i.GetProperty("MainDicomTags").GetProperty("SOPInstanceUID").GetString()).ToList();
            Assert.That(stored, Is.EquivalentTo(expected), "the SEG and the Parametric Map are in Orthanc");
            var changes = await orthanc.GetJsonAsync("changes?limit=1000");
            int newInstances = changes.GetProperty("Changes").EnumerateArray().Count(c => c.GetProperty("ChangeType").GetString() == "NewInstance");
            Assert.That(newInstances, Is.EqualTo(expected.Count), "each result stored once");

            // Bounded attempts: failed attempts k and k+1 are at least AttemptDelaySeconds x k apart, so the
            // downtime admits at most n failures with AttemptDelaySeconds x n(n-1)/2 <= downtime.
            int failed = job.ExportAttempts;
            int allowed = 0;
            while (AttemptDelaySeconds * (allowed + 1) * allowed / 2 <= downSeconds)
                allowed++;
            TestContext.Out.WriteLine($"down {downSeconds:0.0} s: {failed} failed export attempt(s); the schedule allows {allowed}");
            Assert.That(failed, Is.InRange(1, Math.Min(allowed, MaxAttempts - 1)), "attempts bounded by the backoff schedule, and the job never dead-lettered");
            var events = await store.GetEventsAsync(job.Id, CancellationToken.None);
            var failures = events.Where(e => e.From == JobState.Exporting && e.To == JobState.Exporting).Select(e => e.At).ToList();
            Assert.That(failures, Has.Count.EqualTo(failed), "one event per failed attempt");
            for (int k = 1; k < failures.Count; k++)
                Assert.That((failures[k] - failures[k - 1]).TotalSeconds, Is.GreaterThanOrEqualTo(AttemptDelaySeconds * k - 0.01), $"backoff before attempt {k + 1}");
        }
        finally
        {
            await orthanc.DisposeAsync();
        }
    }

    private static async Task<JobRecord> WaitForAsync(IJobStore store, Func<JobRecord, bool> condition, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        while (DateTime.UtcNow < until)
        {
            var jobs = await store.ListJobsAsync(new JobQuery(Limit: 10), CancellationToken.None);
            if (jobs.Count == 1 && condition(jobs[0]))
                return jobs[0];
            await Task.Delay(20);
        }
        var all = await store.ListJobsAsync(new JobQuery(Limit: 10), CancellationToken.None);
        Assert.Fail($"condition not reached: {string.Join("; ", all.Select(j => $"{j.Id} {j.State} {j.Detail}"))}");
        throw new InvalidOperationException();
    }
}
