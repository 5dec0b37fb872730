using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Imaging;
using PacsSeg.Imaging.Dicom;
using PacsSeg.Imaging.IO.Nifti;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Tests.Inference;
using PacsSeg.Plugin.Tests.Support;
using PacsSeg.Segmentation.Inference;

namespace PacsSeg.Plugin.Tests.GrpcApi;

/// <summary>
/// The Segment call against the real plugin host with a tiny model installed: a standard client (python3-grpcio)
/// sends raw voxels, a NIfTI file and a DICOM series; labels and uncertainty must equal a direct in-process
/// SegmentationPredictor run on the same volume. Error codes, deadlines, cancellation and the admission limit
/// are checked with the same client, and frames no client would send with HTTP/2 directly.
/// </summary>
public sealed class SegmentTests
{
    private const string Method = "/pacsseg.v1.PacsSeg/Segment";
    private TestDirectory dir = null!;
    private RunningPlugin plugin = null!;
    private string package = null!;
    private string work = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        dir = new TestDirectory();
        package = TestModels.InstallPhantomModel(Path.Combine(dir.Path, "models"));
        work = Path.Combine(dir.Path, "work");
        Directory.CreateDirectory(work);
        plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?> { ["PacsSeg:Grpc:MaxConcurrentSegments"] = "1" });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await plugin.DisposeAsync();
        dir.Dispose();
    }

    private static byte[] Floats(Volume<float> volume) => MemoryMarshal.AsBytes(volume.Voxels.AsSpan()).ToArray();

    private SegmentationPrediction Direct(Volume<float> volume, bool tta = true)
    {
        using var predictor = SegmentationPredictor.Load(package);
        return predictor.Predict(volume, new PredictionOptions { MirrorTta = tta });
    }

    private void AssertSameAsDirect(string name, SegmentationPrediction expected)
    {
        var labels = File.ReadAllBytes(Path.Combine(work, name + ".labels"));
        var uncertainty = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(work, name + ".unc"))).ToArray();
        Assert.That(labels, Is.EqualTo(expected.Labels.Voxels), $"{name}: labels equal the direct prediction");
        Assert.That(uncertainty, Has.Length.EqualTo(expected.Uncertainty.Voxels.Length));
        double worst = 0;
        for (int i = 0; i < uncertainty.Length; i++)
            worst = Math.Max(worst, Math.Abs(uncertainty[i] - expected.Uncertainty.Voxels[i]));
        Assert.That(worst, Is.LessThan(1e-5), $"{name}: uncertainty equals the direct prediction");
    }

    [Test]
    [Category("Peer")]
    public async Task PythonGrpcio_SegmentsVolumeNiftiAndDicom_LikeTheInProcessPredictor_WithErrorCodesDeadlinesAndCancellation()
    {
        var small = TestModels.Phantom(64, 64, 8);
        await File.WriteAllBytesAsync(Path.Combine(work, "small.f32"), Floats(small));
        await File.WriteAllBytesAsync(Path.Combine(work, "big.f32"), Floats(TestModels.Phantom(128, 128, 48)));
        NiftiWriter.Write(Path.Combine(work, "small.nii.gz"), small);
        string dicom = Path.Combine(work, "dicom");
        Directory.CreateDirectory(dicom);
        var (prc, pout) = await PeerTools.RunAsync("/usr/bin/python3", "-c", SegmentationEngineEndToEndTests.WriteCtSeries, dicom);
        Assert.That(prc, Is.EqualTo(0), pout);
        string descriptor = Path.Combine(dir.Path, "pacsseg.desc");
        await File.WriteAllBytesAsync(descriptor, HealthRequest.Descriptor.File.SerializedData.ToByteArray());

        var psi = new ProcessStartInfo("/usr/bin/python3", ["-c", SegmentClientScript.Source, plugin.GrpcPort.ToString(), descriptor, RunningPlugin.ApiKey, work])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await process.WaitForExitAsync(timeout.Token);
        string stdout = await stdoutTask, stderr = await stderrTask;
        Assert.That(process.ExitCode, Is.Zero, stderr);
        using var json = JsonDocument.Parse(stdout);
        var r = json.RootElement;
        string Code(string name) => r.GetProperty(name)[0].GetString()!;

        // Raw voxels: result header, progress, and the output equal to the predictor's own.
        var raw = r.GetProperty("raw");
        Assert.That(raw.GetProperty("model").GetString(), Is.EqualTo("phantom"));
        Assert.That(raw.GetProperty("version").GetString(), Is.EqualTo("1"));
        Assert.That(raw.GetProperty("size").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 64, 64, 8 }));
        Assert.That(raw.GetProperty("spacing").EnumerateArray().Select(e => e.GetDouble()), Is.EqualTo(new[] { 1.0, 1.0, 2.5 }));
        Assert.That(raw.GetProperty("origin").EnumerateArray().Select(e => e.GetDouble()), Is.EqualTo(new[] { -32.0, -30.0, 10.0 }));
        Assert.That(raw.GetProperty("labels_bytes").GetInt64(), Is.EqualTo(64 * 64 * 8));
        Assert.That(raw.GetProperty("uncertainty_bytes").GetInt64(), Is.EqualTo(64 * 64 * 8 * 4));
        Assert.That(raw.GetProperty("samples").GetInt32(), Is.EqualTo(4), "2-D mirror TTA by default");
        var progress = raw.GetProperty("progress").EnumerateArray().Select(p => (Stage: p[0].GetString()!, Fraction: p[1].GetDouble())).ToList();
        Assert.That(progress.Select(p => p.Stage).Distinct(), Is.EqualTo(new[] { "receive", "load", "infer", "send" }));
        Assert.That(progress.Select(p => p.Fraction), Is.Ordered, "progress never goes back");
        var expected = Direct(small);
        AssertSameAsDirect("raw", expected);
        var classes = raw.GetProperty("classes").EnumerateArray().ToList();
        Assert.That(classes.Select(c => c[0].GetString()), Is.EqualTo(new[] { "background", "organ", "lesion" }));
        for (int c = 0; c < 3; c++)
        {
            long count = expected.Labels.Voxels.LongCount(v => v == c);
            Assert.That(classes[c][1].GetInt64(), Is.EqualTo(count));
            Assert.That(classes[c][2].GetDouble(), Is.EqualTo(count * 0.0025).Within(1e-9), "1 x 1 x 2.5 mm voxels");
        }
        Assert.That(raw.GetProperty("mean_uncertainty").GetDouble(), Is.EqualTo(expected.Uncertainty.Voxels.Average(v => (double)v)).Within(1e-6));

        // NIfTI and DICOM inputs go through their readers to the same predictor.
        AssertSameAsDirect("nifti", Direct(NiftiReader.ReadVolume<float>(Path.Combine(work, "small.nii.gz"))));
        var series = DicomSeriesReader.ReadFiles(Directory.GetFiles(dicom).Order(StringComparer.Ordinal));
        AssertSameAsDirect("dicom", Direct(series.Volume));
        Assert.That(r.GetProperty("dicom").GetProperty("size").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(new[] { 64, 64, 16 }));
        Assert.That(r.GetProperty("no_tta_samples").GetInt32(), Is.EqualTo(1));

        Assert.That(Code("not_found"), Is.EqualTo("NOT_FOUND"));
        Assert.That(r.GetProperty("not_found")[1].GetString(), Does.Contain("'nope'"));
        Assert.That(Code("not_found_version"), Is.EqualTo("NOT_FOUND"));
        Assert.That(Code("zero_size"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(Code("short_voxels"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(r.GetProperty("short_voxels")[1].GetString(), Does.Contain("needs 131072"));
        Assert.That(Code("bad_nifti"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(Code("no_input"), Is.EqualTo("INVALID_ARGUMENT"));
        Assert.That(Code("unauthenticated"), Is.EqualTo("UNAUTHENTICATED"));

        Assert.That(Code("deadline"), Is.EqualTo("DEADLINE_EXCEEDED"));
        Assert.That(r.GetProperty("deadline_seconds").GetDouble(), Is.LessThan(10));
        Assert.That(r.GetProperty("cancel_stages").EnumerateArray().Select(e => e.GetString()), Does.Contain("infer"));
        Assert.That(r.GetProperty("cancelled").GetString(), Is.EqualTo("CANCELLED"));
        // After a deadline or a cancellation the model slot frees within moments: the abandoned prediction stopped.
        foreach (var after in new[] { "after_deadline", "after_cancel" })
        {
            Assert.That(Code(after), Is.EqualTo("OK"), after);
            Assert.That(r.GetProperty(after)[2].GetDouble(), Is.LessThan(15), after);
        }
        Assert.That(Code("busy"), Is.EqualTo("RESOURCE_EXHAUSTED"));
        Assert.That(r.GetProperty("first_after_busy")[0].GetString(), Is.EqualTo("receive"));
        Assert.That(r.GetProperty("first_after_busy")[1].GetBoolean(), Is.True, "the admitted call completes");
        Assert.That(r.GetProperty("first_after_busy")[2].GetInt32(), Is.EqualTo(64 * 64 * 8));

        var metrics = plugin.Services.GetRequiredService<PluginMetrics>();
        Assert.That(metrics.GrpcCallCount(Method, "CANCELLED") + metrics.GrpcCallCount(Method, "DEADLINE_EXCEEDED"), Is.GreaterThanOrEqualTo(2));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "grpc-uploads")) ? Directory.GetFileSystemEntries(Path.Combine(dir.Path, "grpc-uploads")) : [],
            Is.Empty, "uploaded DICOM instances are removed after each call");
    }

    private static byte[] Frame(IMessage message)
    {
        var bytes = new byte[5 + message.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), (uint)(bytes.Length - 5));
        message.WriteTo(bytes.AsSpan(5));
        return bytes;
    }

    private async Task<(List<SegmentReply> Replies, string? Status, string? Message)> CallAsync(byte[] body, string? timeout = null)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{plugin.GrpcPort}{Method}")
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Add("x-api-key", RunningPlugin.ApiKey);
        if (timeout is not null) request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var replies = new List<SegmentReply>();
        for (int at = 0; at + 5 <= bytes.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 1));
            replies.Add(SegmentReply.Parser.ParseFrom(bytes.AsSpan(at + 5, length)));
            at += 5 + length;
        }
        string? status = response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s.Single() : null;
        string? message = response.TrailingHeaders.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.Single()) : null;
        return (replies, status, message);
    }

    private static SegmentRequest VolumeRequest(Volume<float> volume, int from, int count)
    {
        var request = new SegmentRequest
        {
            Model = "phantom",
            Volume = new VolumeInput { Geometry = PacsSeg.Plugin.GrpcApi.SegmentUpload.ToMessage(volume.Geometry), VoxelType = VoxelType.Float32 },
        };
        request.Voxels = ByteString.CopyFrom(MemoryMarshal.AsBytes(volume.Voxels.AsSpan()).Slice(from, count));
        return request;
    }

    [Test]
    public async Task Segment_PastItsDeadlineWhilePredicting_EndsWithDeadlineExceededAfterProgress()
    {
        var big = TestModels.Phantom(128, 128, 48);
        var bytes = Floats(big);
        var body = new List<byte>(Frame(VolumeRequest(big, 0, 1 << 20)));
        for (int at = 1 << 20; at < bytes.Length; at += 1 << 20)
            body.AddRange(Frame(new SegmentRequest { Voxels = ByteString.CopyFrom(bytes, at, Math.Min(1 << 20, bytes.Length - at)) }));
        var started = Stopwatch.StartNew();
        var (replies, status, message) = await CallAsync([.. body], timeout: "2S");
        Assert.That(status, Is.EqualTo("4"), message);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        Assert.That(replies.Select(x => x.Progress?.Stage), Does.Contain("load"), "the deadline struck after loading, while predicting");
        Assert.That(replies.Any(x => x.KindCase == SegmentReply.KindOneofCase.Result), Is.False);
    }

    [Test]
    public async Task Segment_VoxelsOverflowingTheVolume_IsInvalidArgument()
    {
        var small = TestModels.Phantom(8, 8, 2);
        var first = VolumeRequest(small, 0, 8 * 8 * 2 * 4);
        var (_, status, message) = await CallAsync([.. Frame(first), .. Frame(new SegmentRequest { Voxels = ByteString.CopyFrom(new byte[4]) })]);
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("More voxel bytes"));
    }

    [Test]
    public async Task Segment_ModelRepeatedInALaterMessage_IsInvalidArgument()
    {
        var small = TestModels.Phantom(8, 8, 2);
        var (_, status, message) = await CallAsync([.. Frame(VolumeRequest(small, 0, 16)), .. Frame(new SegmentRequest { Model = "phantom" })]);
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("first message only"));
    }

    [Test]
    public async Task Segment_VolumeLargerThanTheInputLimit_IsResourceExhaustedBeforeAllocating()
    {
        var request = new SegmentRequest
        {
            Model = "phantom",
            Volume = new VolumeInput { Geometry = new PacsSeg.Plugin.GrpcApi.V1.VolumeGeometry { SizeX = 1024, SizeY = 1024, SizeZ = 300 }, VoxelType = VoxelType.Float64 },
        };
        var (_, status, message) = await CallAsync(Frame(request));
        Assert.That(status, Is.EqualTo("8"));
        Assert.That(message, Does.Contain("2516582400 bytes"));
    }

    [Test]
    public async Task Segment_VolumeShapeBeyondAnyArray_IsInvalidArgument()
    {
        var request = new SegmentRequest
        {
            Model = "phantom",
            Volume = new VolumeInput { Geometry = new PacsSeg.Plugin.GrpcApi.V1.VolumeGeometry { SizeX = 4096, SizeY = 4096, SizeZ = 4096 }, VoxelType = VoxelType.Uint8 },
        };
        var (_, status, message) = await CallAsync(Frame(request));
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("4096x4096x4096"));
    }

    [Test]
    public async Task Segment_BadLengthPrefix_IsInvalidArgumentNotACrash()
    {
        var frame = Frame(new SegmentRequest { Model = "phantom" });
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)frame.Length + 100);
        var (replies, status, message) = await CallAsync(frame);
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("inside a frame"));
        Assert.That(replies, Is.Empty);
        // The service still answers afterwards.
        Assert.That((await CallAsync(Frame(new SegmentRequest { Model = "nope", Nifti = ByteString.CopyFrom(1) }))).Status, Is.EqualTo("5"));
    }

    [Test]
    public async Task Segment_GarbageMessage_IsInvalidArgumentNamingTheMessage()
    {
        var (_, status, message) = await CallAsync([0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF]);
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("SegmentRequest"));
    }
}
