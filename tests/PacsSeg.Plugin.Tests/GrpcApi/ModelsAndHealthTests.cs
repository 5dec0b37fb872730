using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.GrpcApi;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.GrpcApi;

/// <summary>ListModels and Segment's version choice with two versions and a broken package installed; Health's counters.</summary>
public sealed class ModelsAndHealthTests
{
    private TestDirectory dir = null!;
    private RunningPlugin plugin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        dir = new TestDirectory();
        string models = Path.Combine(dir.Path, "models");
        TestModels.InstallPhantomModel(models, version: "1");
        string v2 = TestModels.InstallPhantomModel(models, version: "2", seed: 5);
        // Same manifest, weights replaced by garbage: the registry lists it, loading it fails inside the predictor.
        string broken = Path.Combine(models, "broken-1.pacsseg");
        File.Copy(v2, broken);
        using (var zip = ZipFile.Open(broken, ZipArchiveMode.Update))
        {
            zip.GetEntry("weights.safetensors")!.Delete();
            using var weights = zip.CreateEntry("weights.safetensors").Open();
            weights.Write(new byte[] { 8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'"', (byte)'x', (byte)'"', (byte)':', (byte)'1', (byte)'}', (byte)' ' });
        }
        string leftover = Path.Combine(dir.Path, "grpc-uploads", "0123456789abcdef");
        Directory.CreateDirectory(leftover);
        File.WriteAllBytes(Path.Combine(leftover, "000001.dcm"), [1, 2, 3]);
        // CT routes to a model that is not installed: its job fails its first attempt and waits an hour in Queued.
        plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["PacsSeg:Routing:Rules:0:Model"] = "unrouted",
            ["PacsSeg:Inference:MaxAttempts"] = "5",
            ["PacsSeg:Inference:RetryDelaySeconds"] = "3600",
        });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await plugin.DisposeAsync();
        dir.Dispose();
    }

    private async Task<(List<byte[]> Messages, string? Status, string? Message)> CallAsync(string method, params IMessage[] requests)
    {
        var body = new List<byte>();
        foreach (var r in requests)
        {
            var frame = new byte[5 + r.CalculateSize()];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
            r.WriteTo(frame.AsSpan(5));
            body.AddRange(frame);
        }
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{plugin.GrpcPort}/pacsseg.v1.PacsSeg/{method}")
        {
            Content = new ByteArrayContent([.. body]),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.Add("x-api-key", RunningPlugin.ApiKey);
        using var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var messages = new List<byte[]>();
        for (int at = 0; at + 5 <= bytes.Length;)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 1));
            messages.Add(bytes.AsSpan(at + 5, length).ToArray());
            at += 5 + length;
        }
        string? status = response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s.Single() : null;
        string? message = response.TrailingHeaders.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.Single()) : null;
        return (messages, status, message);
    }

    private static SegmentRequest Tiny(string version, string model = "phantom")
    {
        var volume = TestModels.Phantom(16, 16, 2);
        return new SegmentRequest
        {
            Model = model,
            ModelVersion = version,
            Options = new SegmentOptions { MirrorTta = false },
            Volume = new VolumeInput { Geometry = SegmentUpload.ToMessage(volume.Geometry), VoxelType = VoxelType.Float32 },
            Voxels = ByteString.CopyFrom(MemoryMarshal.AsBytes(volume.Voxels.AsSpan())),
        };
    }

    [Test]
    public void StartUp_RemovesSegmentUploadsLeftByAnEarlierRun() =>
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "grpc-uploads")), Is.Empty);

    [Test]
    public async Task ListModels_MarksTheNewestVersionOfEachModel()
    {
        var (messages, status, _) = await CallAsync("ListModels", new ListModelsRequest());
        Assert.That(status, Is.EqualTo("0"));
        var models = ListModelsReply.Parser.ParseFrom(messages.Single()).Models;
        Assert.That(models.Select(m => $"{m.Name}-{m.Version}:{m.Newest}"), Is.EquivalentTo(new[] { "broken-1:True", "phantom-1:False", "phantom-2:True" }));
        Assert.That(models.All(m => m.ModifiedAtUnixMs > 0 && m.SizeBytes > 0), Is.True);
        Assert.That(models.First(m => m.Name == "phantom").Classes, Is.EqualTo(new[] { "background", "organ", "lesion" }));
    }

    [Test]
    public async Task Segment_WithoutAVersion_RunsTheNewest_AndAnExplicitVersionRunsThatOne()
    {
        foreach (var (asked, expected) in new[] { ("", "2"), ("1", "1") })
        {
            var (messages, status, message) = await CallAsync("Segment", Tiny(asked));
            Assert.That(status, Is.EqualTo("0"), message);
            var result = messages.Select(m => SegmentReply.Parser.ParseFrom(m)).Single(r => r.KindCase == SegmentReply.KindOneofCase.Result).Result;
            Assert.That(result.ModelVersion, Is.EqualTo(expected));
            Assert.That(result.Samples, Is.EqualTo(1), "mirror_tta = false");
        }
    }

    [Test]
    public async Task Segment_WithAModelThatFailsToLoad_IsInternalWithoutLeakingDetails()
    {
        var (_, status, message) = await CallAsync("Segment", Tiny("", "broken"));
        Assert.That(status, Is.EqualTo("13"));
        Assert.That(message, Is.EqualTo("Internal error; see the service log."));
    }

    [Test]
    public async Task Health_ReportsQueueJobsAndSegmentSlots()
    {
        var ingest = plugin.Services.GetRequiredService<IInstanceIngest>();
        long id = (await ingest.AcceptAsync(TestOptions.Instance("1.9", "1.9.1", "1.9.1.1"), new MemoryStream([1]), CancellationToken.None)).JobId!.Value;
        var store = plugin.Services.GetRequiredService<IJobStore>();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (await store.GetJobAsync(id, CancellationToken.None) is not { State: JobState.Queued, InferenceAttempts: 1 } && DateTime.UtcNow < until)
            await Task.Delay(50);
        var (messages, status, _) = await CallAsync("Health", new HealthRequest());
        Assert.That(status, Is.EqualTo("0"));
        var health = HealthReply.Parser.ParseFrom(messages.Single());
        Assert.That(health.Status, Is.EqualTo(HealthReply.Types.ServingStatus.Serving));
        Assert.That(health.QueueDepth, Is.EqualTo(1), "the job waits: no model named 'unrouted' is installed");
        Assert.That(health.QueueCapacity, Is.EqualTo(64));
        Assert.That(health.JobsByState["Queued"], Is.EqualTo(1));
        Assert.That(health.SegmentCallsActive, Is.Zero);
        Assert.That(health.SegmentCallsCapacity, Is.EqualTo(4));
    }
}
