using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Hosting;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.DicomIngest;

/// <summary>dcmtk's storescu sends pydicom-written CT slices to the plugin's C-STORE SCP.</summary>
[Category("Peer")]
public sealed class ScpIngestTests
{
    private static int DicomPort(RunningPlugin plugin) => plugin.Services.GetRequiredService<IOptions<PluginOptions>>().Value.Dicom.Server.Port;

    [Test]
    public async Task Storescu_SendsASeries_EveryInstanceIsSpooledRecordedAndTheSeriesQueued()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.1", "1.2.826.0.1.3680043.9.7777.1.2", 3);
        var (rc, output) = await PeerTools.RunAsync("storescu", ["-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
        Assert.That(rc, Is.Zero, output);

        var store = plugin.Services.GetRequiredService<IJobStore>();
        var job = (await store.ListJobsAsync(new JobQuery(StudyInstanceUid: "1.2.826.0.1.3680043.9.7777.1"), CancellationToken.None)).Single();
        Assert.That(job.SeriesInstanceUid, Is.EqualTo("1.2.826.0.1.3680043.9.7777.1.2"));
        Assert.That(job.SourceAe, Is.EqualTo("SCANNER"));
        Assert.That(job.InstanceCount, Is.EqualTo(3));
        Assert.That(job.Modality, Is.EqualTo("CT"));
        var queued = await PluginHostTests.WaitForAsync(store, job.Id, JobState.Queued);
        Assert.That(queued.Model, Is.EqualTo("phantom"));
        var paths = await store.GetInstancePathsAsync(job.Id, CancellationToken.None);
        Assert.That(paths, Has.Count.EqualTo(3));
        var (dumpRc, dump) = await PeerTools.RunAsync("dcmdump", paths[0]);
        Assert.That(dumpRc, Is.Zero, dump);
        Assert.That(dump, Does.Contain("1.2.826.0.1.3680043.9.7777.1.2"), "a readable Part 10 file was spooled");
        var metrics = await plugin.Admin.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("pacsseg_associations_total{outcome=\"accepted\"} 1"));
        Assert.That(metrics, Does.Contain("pacsseg_instances_received_total 3"));
        // The association is audited when the server disposes its scope, just after the release.
        var auditLog = plugin.Services.GetRequiredService<IAuditLog>();
        var until = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<AuditEntry> audit;
        while ((audit = await auditLog.ListAsync(10, CancellationToken.None)).All(e => e.Action != "association") && DateTime.UtcNow < until)
            await Task.Delay(50);
        var entry = audit.Single(e => e.Action == "association");
        Assert.That(entry.Actor, Is.EqualTo("dicom:SCANNER@127.0.0.1"));
        Assert.That(entry.Target, Is.EqualTo("PACSSEG"));
        Assert.That(entry.Detail, Does.StartWith("3 instance(s) stored, 0 refused"));
    }

    [Test]
    public async Task Storescu_StudyUidWithPathCharacters_CannotEscapeTheSpool()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "in"), "../../../../tmp/evil", "1.2.826.0.1.3680043.9.7777.2.2", 1);
        var (rc, output) = await PeerTools.RunAsync("storescu", ["-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
        Assert.That(rc, Is.Zero, output);
        var store = plugin.Services.GetRequiredService<IJobStore>();
        var job = (await store.ListJobsAsync(new JobQuery(StudyInstanceUid: "../../../../tmp/evil"), CancellationToken.None)).Single();
        var path = (await store.GetInstancePathsAsync(job.Id, CancellationToken.None)).Single();
        Assert.That(Path.GetFullPath(path), Does.StartWith(Path.Combine(dir.Path, "spool", "instances") + Path.DirectorySeparatorChar));
        Assert.That(File.Exists(path), Is.True);
    }

    [Test]
    public async Task Store_WhenDiskIsFull_ReturnsOutOfResources()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?> { ["PacsSeg:Spool:MinFreeBytes"] = (long.MaxValue / 2).ToString() });
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.3", "1.2.826.0.1.3680043.9.7777.3.2", 1);
        var (_, output) = await PeerTools.RunAsync("storescu", ["-v", "-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
        Assert.That(output, Does.Contain("a700").IgnoreCase.Or.Contain("Out of Resources").IgnoreCase.Or.Contain("OutOfResources").IgnoreCase, output);
        var counts = await plugin.Services.GetRequiredService<IJobStore>().CountByStateAsync(CancellationToken.None);
        Assert.That(counts.Values.Sum(), Is.Zero, "nothing was recorded, nothing acknowledged");
        Assert.That(Directory.EnumerateFiles(Path.Combine(dir.Path, "spool"), "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Association_FromAnUnknownAe_IsRejected()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?> { ["PacsSeg:Dicom:Server:AllowedCallers:0:AeTitle"] = "TRUSTED" });
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.4", "1.2.826.0.1.3680043.9.7777.4.2", 1);
        var (rc, output) = await PeerTools.RunAsync("storescu", ["-aet", "STRANGER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
        Assert.That(rc, Is.Not.Zero);
        Assert.That(output, Does.Contain("Rejected").IgnoreCase, output);
        var metrics = await plugin.Admin.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("pacsseg_associations_total{outcome=\"rejected\"} 1"));
    }
}
