using Microsoft.Extensions.Logging.Abstractions;
using PacsSeg.Dicom;
using PacsSeg.Plugin.DicomWebServer;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.DicomWebServer;

/// <summary>The result index follows the job store: indexed once inference finished, dropped when the job goes back
/// to inference, re-indexed from the rewritten files of the new run; unreadable files stay out.</summary>
public sealed class ResultIndexTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private string WriteResult(string name, string sop, string modality)
    {
        var dataset = new DicomDataset()
            .AddOrUpdate(DicomTags.SOPClassUID, "1.2.840.10008.5.1.4.1.1.66.4")
            .AddOrUpdate(DicomTags.SOPInstanceUID, sop)
            .AddOrUpdate(DicomTags.StudyInstanceUID, "1.2.3")
            .AddOrUpdate(DicomTags.SeriesInstanceUID, sop + ".1")
            .AddOrUpdate(DicomTags.Modality, modality)
            .AddOrUpdate(DicomTags.PatientID, "P7")
            .AddOrUpdateIntegers(DicomTags.InstanceNumber, 1);
        string path = Path.Combine(dir.Path, name);
        new DicomFile(dataset).Save(path);
        return path;
    }

    [Test]
    public async Task Index_FollowsInferenceRuns_AndLeavesOutUnreadableFiles()
    {
        var database = new SqliteDatabase(TestOptions.For(dir.Path));
        var store = new SqliteJobStore(database, TimeProvider.System);
        await store.InitializeAsync(CancellationToken.None);
        using var index = new ResultIndex(database, NullLogger<ResultIndex>.Instance);
        var ct = CancellationToken.None;
        long id = (await store.RecordInstanceAsync(TestOptions.Instance("1.2.3", "1.2.3.4", "1.2.3.4.5"), "/spool/x", 10, ct)).JobId;
        foreach (var (from, to) in new[] { (JobState.Received, JobState.Assembling), (JobState.Assembling, JobState.Queued), (JobState.Queued, JobState.Inferring) })
            Assert.That(await store.TryTransitionAsync(id, from, to, JobChanges.None, ct), Is.True);
        string seg = WriteResult("segmentation.dcm", "1.2.3.100", "SEG");
        await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = [seg] }, ct);

        var all = new ResultQuery();
        Assert.That((await index.SearchAsync(all, ct)).Select(r => r.SopInstanceUid), Is.EqualTo(new[] { "1.2.3.100" }));
        Assert.That(await index.SyncAsync(ct), Is.Zero, "an indexed run is not read again");

        await store.TryTransitionAsync(id, JobState.Exporting, JobState.Failed, JobChanges.None, ct);
        await store.TryTransitionAsync(id, JobState.Failed, JobState.Queued, JobChanges.None, ct);
        Assert.That(await index.SearchAsync(all, ct), Is.Empty, "a job sent back to inference serves nothing");

        await store.TryTransitionAsync(id, JobState.Queued, JobState.Inferring, JobChanges.None, ct);
        WriteResult("segmentation.dcm", "1.2.3.200", "SEG"); // the new run rewrites the same file
        string garbage = Path.Combine(dir.Path, "uncertainty.dcm");
        await File.WriteAllBytesAsync(garbage, [1, 2, 3, 4]);
        await store.TryTransitionAsync(id, JobState.Inferring, JobState.Exporting, new JobChanges { Results = [seg, garbage] }, ct);
        var rows = await index.SearchAsync(all, ct);
        Assert.That(rows.Select(r => r.SopInstanceUid), Is.EqualTo(new[] { "1.2.3.200" }));
        Assert.That(rows[0].PatientId, Is.EqualTo("P7"));
        Assert.That(rows[0].InstanceNumber, Is.EqualTo(1));
        Assert.That((await index.SearchAsync(new ResultQuery { PatientId = "P?" }, ct)), Has.Count.EqualTo(1));
        Assert.That((await index.SearchAsync(new ResultQuery { PatientId = "P_*" }, ct)), Is.Empty, "LIKE's own wildcards are literal");
        Assert.That((await index.ForJobAsync(id, ct)).Single().Path, Is.EqualTo(seg));
    }
}
