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
    private const string WriteSeries = """
        import sys
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian
        out, study, series, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
        for i in range(n):
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
            meta.MediaStorageSOPInstanceUID = '1.2.826.0.1.3680043.9.7777.%d.%d' % (abs(hash(series)) % 100000, i + 1)
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
            ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
            ds.Modality, ds.BodyPartExamined, ds.SeriesDescription, ds.Manufacturer = 'CT', 'ABDOMEN', 'Abdomen 1.0', 'TEST'
            ds.PatientName, ds.PatientID, ds.InstanceNumber = 'Phantom^Test', 'P1', i + 1
            ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = 4, 4, 1, 'MONOCHROME2'
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
            ds.PixelData = bytes(32)
            ds.save_as('%s/%03d.dcm' % (out, i), write_like_original=False)
        """;

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<string[]> WriteSeriesAsync(string folder, string study, string series, int count)
    {
        Directory.CreateDirectory(folder);
        var (rc, output) = await RunAsync("/usr/bin/python3", "-c", WriteSeries, folder, study, series, count.ToString());
        Assert.That(rc, Is.Zero, output);
        return Directory.GetFiles(folder, "*.dcm").Order().ToArray();
    }

    private static int DicomPort(RunningPlugin plugin) => plugin.Services.GetRequiredService<IOptions<PluginOptions>>().Value.Dicom.Server.Port;

    [Test]
    public async Task Storescu_SendsASeries_EveryInstanceIsSpooledRecordedAndTheSeriesQueued()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var files = await WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.1", "1.2.826.0.1.3680043.9.7777.1.2", 3);
        var (rc, output) = await RunAsync("storescu", ["-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
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
        var (dumpRc, dump) = await RunAsync("dcmdump", paths[0]);
        Assert.That(dumpRc, Is.Zero, dump);
        Assert.That(dump, Does.Contain("1.2.826.0.1.3680043.9.7777.1.2"), "a readable Part 10 file was spooled");
        var metrics = await plugin.Admin.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("pacsseg_associations_total{outcome=\"accepted\"} 1"));
        Assert.That(metrics, Does.Contain("pacsseg_instances_received_total 3"));
    }

    [Test]
    public async Task Storescu_StudyUidWithPathCharacters_CannotEscapeTheSpool()
    {
        using var dir = new TestDirectory();
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var files = await WriteSeriesAsync(Path.Combine(dir.Path, "in"), "../../../../tmp/evil", "1.2.826.0.1.3680043.9.7777.2.2", 1);
        var (rc, output) = await RunAsync("storescu", ["-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
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
        var files = await WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.3", "1.2.826.0.1.3680043.9.7777.3.2", 1);
        var (_, output) = await RunAsync("storescu", ["-v", "-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
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
        var files = await WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.4", "1.2.826.0.1.3680043.9.7777.4.2", 1);
        var (rc, output) = await RunAsync("storescu", ["-aet", "STRANGER", "-aec", "PACSSEG", "127.0.0.1", DicomPort(plugin).ToString(), .. files]);
        Assert.That(rc, Is.Not.Zero);
        Assert.That(output, Does.Contain("Rejected").IgnoreCase, output);
        var metrics = await plugin.Admin.GetStringAsync("/metrics");
        Assert.That(metrics, Does.Contain("pacsseg_associations_total{outcome=\"rejected\"} 1"));
    }
}
