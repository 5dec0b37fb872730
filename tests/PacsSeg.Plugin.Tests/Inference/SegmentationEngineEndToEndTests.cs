using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Dicom;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;
using PacsSeg.Segmentation.Networks;
using PacsSeg.Segmentation.Packaging;
using PacsSeg.Torch;

namespace PacsSeg.Plugin.Tests.Inference;

/// <summary>storescu sends a small CT phantom to the running plugin with a tiny model installed; the real
/// segmentation engine runs and a Folder destination receives a SEG and a Parametric Map that dciodvfy accepts.</summary>
[Category("Peer")]
public class SegmentationEngineEndToEndTests
{
    // A 64 x 64 x 16 CT phantom (1 x 1 x 2.5 mm): a bright sphere in soft tissue, int16 with rescale.
    internal const string WriteCtSeries = """
        import sys, math
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, generate_uid
        out = sys.argv[1]
        study, series, frame = '1.2.826.0.1.3680043.9.7778.1', '1.2.826.0.1.3680043.9.7778.1.1', '1.2.826.0.1.3680043.9.7778.1.2'
        n, size = 16, 64
        for k in range(n):
            sop = '1.2.826.0.1.3680043.9.7778.1.1.%d' % (k + 1)
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.2'
            meta.MediaStorageSOPInstanceUID = sop
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            ds = Dataset()
            ds.file_meta = meta
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.SpecificCharacterSet = 'ISO_IR 100'
            ds.ImageType = ['ORIGINAL', 'PRIMARY', 'AXIAL']
            ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, sop
            ds.StudyDate, ds.StudyTime, ds.AccessionNumber, ds.ReferringPhysicianName = '20260101', '120000', 'ACC1', ''
            ds.Modality, ds.Manufacturer, ds.BodyPartExamined, ds.SeriesDescription = 'CT', 'TEST', 'ABDOMEN', 'Abdomen 2.5'
            ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = 'Phantom^Test', 'P1', '19700101', 'O'
            ds.KVP = '120'
            ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.StudyID, ds.SeriesNumber, ds.InstanceNumber = study, series, '1', 1, k + 1
            ds.ImagePositionPatient = [-32, -32, k * 2.5]
            ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
            ds.FrameOfReferenceUID, ds.PositionReferenceIndicator = frame, ''
            ds.SliceThickness, ds.PixelSpacing = 2.5, [1, 1]
            ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.PhotometricInterpretation = size, size, 1, 'MONOCHROME2'
            ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 16, 15, 1
            ds.RescaleIntercept, ds.RescaleSlope = -1024, 1
            px = bytearray()
            for j in range(size):
                for i in range(size):
                    r = math.sqrt((i - 32) ** 2 + (j - 30) ** 2 + ((k - 8) * 2.5) ** 2)
                    v = 1024 + (250 if r < 14 else 40 + (i * 7 + j * 3) % 11)
                    px += int(v).to_bytes(2, 'little', signed=True)
            ds.PixelData = bytes(px)
            ds.save_as('%s/ct%02d.dcm' % (out, k), write_like_original=False)
        """;

    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private void InstallModel()
    {
        TorchRuntime.ManualSeed(3);
        using var net = NetworkFactory.Create("unet2d", 1, 3);
        ModelPackage.Save(Path.Combine(dir.Path, "models"), new ModelManifest
        {
            Name = "phantom",
            Version = "1",
            Architecture = "unet2d",
            InputChannels = 1,
            Classes = [new("background", [0, 0, 0]), new("organ", [221, 130, 101]), new("lesion", [255, 255, 0])],
            TargetSpacing = [1, 1, 2.5],
            Normalization = new IntensityNormalization { Kind = "clip-zscore", Min = -200, Max = 300 },
            PatchSize = [64, 64],
        }, net);
    }

    [Test]
    public async Task StoredCtSeries_WithModelInstalled_IsSegmentedAndExportsValidSegAndParametricMap()
    {
        InstallModel();
        string ctFolder = Path.Combine(dir.Path, "ct");
        Directory.CreateDirectory(ctFolder);
        var (prc, pout) = await PeerTools.RunAsync("/usr/bin/python3", "-c", WriteCtSeries, ctFolder);
        Assert.That(prc, Is.EqualTo(0), pout);
        string exportFolder = Path.Combine(dir.Path, "export");
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["PacsSeg:Export:Destinations:0:Name"] = "share",
            ["PacsSeg:Export:Destinations:0:Kind"] = "Folder",
            ["PacsSeg:Export:Destinations:0:Folder"] = exportFolder,
        });
        Assert.That(plugin.Services.GetServices<IInferenceEngine>().Single(), Is.InstanceOf<SegmentationInferenceEngine>(), "registered by default when a model is installed");

        var files = Directory.GetFiles(ctFolder).Order(StringComparer.Ordinal).ToArray();
        int port = int.Parse(plugin.App.Configuration["PacsSeg:Dicom:Server:Port"]!, System.Globalization.CultureInfo.InvariantCulture);
        var (rc, output) = await PeerTools.RunAsync("storescu", ["-aet", "SCANNER", "-aec", "PACSSEG", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. files]);
        Assert.That(rc, Is.EqualTo(0), output);

        var store = plugin.Services.GetRequiredService<IJobStore>();
        var job = await WaitForDoneAsync(store);
        Assert.That(job.State, Is.EqualTo(JobState.Done), job.Detail);

        string studyFolder = Path.Combine(exportFolder, "1.2.826.0.1.3680043.9.7778.1");
        string seg = Path.Combine(studyFolder, SegmentationInferenceEngine.SegmentationFile);
        string map = Path.Combine(studyFolder, SegmentationInferenceEngine.UncertaintyFile);
        Assert.That(File.Exists(seg), Is.True, "SEG exported");
        Assert.That(File.Exists(map), Is.True, "Parametric Map exported");
        Assert.That(DicomFile.Open(seg).Dataset.GetString(DicomTags.Modality), Is.EqualTo("SEG"));
        Assert.That(DicomFile.Open(map).Dataset.GetString(DicomTags.SOPClassUID), Is.EqualTo("1.2.840.10008.5.1.4.1.1.30"));
        foreach (var file in new[] { seg, map })
        {
            var (_, report) = await PeerTools.RunAsync("dciodvfy", file);
            Assert.That(report.Split('\n').Where(l => l.StartsWith("Error", StringComparison.Ordinal)), Is.Empty, $"{Path.GetFileName(file)}:\n{report}");
        }

        using var summary = JsonDocument.Parse(job.SummaryJson!);
        var root = summary.RootElement;
        Assert.That(root.GetProperty("model").GetString(), Is.EqualTo("phantom"));
        double mean = root.GetProperty("meanUncertainty").GetDouble();
        Assert.That(mean, Is.InRange(0.0, 1.0));
        var classes = root.GetProperty("classes").EnumerateArray().ToList();
        Assert.That(classes.Select(c => c.GetProperty("name").GetString()), Is.EqualTo(new[] { "organ", "lesion" }));
        // Every voxel is 1 mm x 1 mm x 2.5 mm = 0.0025 ml; volumes add up to at most the whole volume.
        double total = classes.Sum(c => c.GetProperty("volumeMl").GetDouble());
        Assert.That(total, Is.GreaterThan(0).And.LessThanOrEqualTo(64 * 64 * 16 * 0.0025 + 1e-9));
        Assert.That(classes.All(c => Math.Abs(c.GetProperty("volumeMl").GetDouble() - c.GetProperty("voxels").GetInt64() * 0.0025) < 1e-9), Is.True);
    }

    private static async Task<JobRecord> WaitForDoneAsync(IJobStore store)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var jobs = await store.ListJobsAsync(new JobQuery(), CancellationToken.None);
            var job = jobs.FirstOrDefault(j => j.Modality == "CT");
            if (job is { State: JobState.Done or JobState.Failed or JobState.DeadLetter } || DateTime.UtcNow > deadline)
                return job ?? throw new AssertionException("no job was created");
            await Task.Delay(200);
        }
    }
}
