using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Hosting;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.GrpcApi;

/// <summary>The framing layer on the wire, with frames no well-behaved client would send (HTTP/2 prior knowledge).</summary>
public sealed class GrpcWireTests
{
    private TestDirectory dir = null!;
    private RunningPlugin plugin = null!;
    private HttpClient client = null!;
    private long jobId;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        dir = new TestDirectory();
        plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?> { ["PacsSeg:Grpc:MaxReceiveMessageBytes"] = "1024" });
        client = new HttpClient();
        jobId = (await plugin.Services.GetRequiredService<IInstanceIngest>().AcceptAsync(TestOptions.Instance("1.3", "1.3.1", "1.3.1.1"), new MemoryStream([1]), CancellationToken.None)).JobId!.Value;
        await PluginHostTests.WaitForAsync(plugin.Services.GetRequiredService<IJobStore>(), jobId, JobState.Queued);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        client.Dispose();
        await plugin.DisposeAsync();
        dir.Dispose();
    }

    private static byte[] Frame(byte flag, uint length, ReadOnlySpan<byte> payload)
    {
        var bytes = new byte[5 + payload.Length];
        bytes[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(1), length);
        payload.CopyTo(bytes.AsSpan(5));
        return bytes;
    }

    private static byte[] Frame(IMessage message) => Frame(0, (uint)message.CalculateSize(), message.ToByteArray());

    private async Task<(HttpResponseMessage Response, byte[] Body, string? Status, string? Message)> CallAsync(
        byte[] body, string method = "GetJob", bool credentials = true, string contentType = "application/grpc", string? timeout = null, string? encoding = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{plugin.GrpcPort}/pacsseg.v1.PacsSeg/{method}") 
        {
            Content = new ByteArrayContent(body),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        if (credentials) request.Headers.Add("x-api-key", RunningPlugin.ApiKey);
        if (timeout is not null) request.Headers.TryAddWithoutValidation("grpc-timeout", timeout);
        if (encoding is not null) request.Headers.TryAddWithoutValidation("grpc-encoding", encoding);
        var response = await client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        string? status = response.TrailingHeaders.TryGetValues("grpc-status", out var s) ? s.Single() : null;
        string? message = response.TrailingHeaders.TryGetValues("grpc-message", out var m) ? Uri.UnescapeDataString(m.Single()) : null;
        return (response, bytes, status, message);
    }

    [Test]
    public async Task GetJob_WellFormedFrame_ReturnsTheJobAndStatusOk()
    {
        var (response, body, status, _) = await CallAsync(Frame(new GetJobRequest { JobId = jobId }));
        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/grpc"));
        Assert.That(status, Is.EqualTo("0"));
        Assert.That(body[0], Is.Zero);
        Assert.That(BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1)), Is.EqualTo((uint)(body.Length - 5)));
        var job = Job.Parser.ParseFrom(body.AsSpan(5));
        Assert.That(job.Id, Is.EqualTo(jobId));
        Assert.That(job.State, Is.EqualTo("Queued"));
        Assert.That(job.Model, Is.EqualTo("phantom"));
    }

    [Test]
    public async Task Frame_AnnouncingMoreThanTheLimit_IsResourceExhaustedBeforeReadingIt()
    {
        var (_, body, status, message) = await CallAsync(Frame(0, 0x7FFFFFFF, [8, 1]));
        Assert.That(status, Is.EqualTo("8"));
        Assert.That(message, Does.Contain("2147483647"));
        Assert.That(body, Is.Empty);
    }

    [Test]
    public async Task Frame_TruncatedBody_IsInvalidArgument()
    {
        var (_, _, status, message) = await CallAsync(Frame(0, 100, [8, 1]));
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("inside a frame"));
    }

    [Test]
    public async Task Frame_TruncatedHeader_IsInvalidArgument() =>
        Assert.That((await CallAsync([0, 0, 0])).Status, Is.EqualTo("3"));

    [Test]
    public async Task Frame_WithUnknownFlag_IsInvalidArgument() =>
        Assert.That((await CallAsync(Frame(2, 2, [8, 1]))).Status, Is.EqualTo("3"));

    [Test]
    public async Task Frame_CompressedWithoutEncoding_IsInternalWithAClearMessage()
    {
        var (_, _, status, message) = await CallAsync(Frame(1, 2, [8, 1]));
        Assert.That(status, Is.EqualTo("13"));
        Assert.That(message, Does.Contain("compressed flag set").And.Contain("grpc-encoding"));
    }

    [Test]
    public async Task Call_WithUnsupportedEncoding_IsUnimplementedAndAdvertisesIdentity()
    {
        var (response, _, status, message) = await CallAsync(Frame(new HealthRequest()), "Health", encoding: "gzip");
        Assert.That(status, Is.EqualTo("12"));
        Assert.That(message, Does.Contain("gzip"));
        Assert.That(response.Headers.GetValues("grpc-accept-encoding").Single(), Is.EqualTo("identity"));
    }

    [Test]
    public async Task Unary_WithTwoMessagesOrNone_IsInvalidArgument()
    {
        var one = Frame(new GetJobRequest { JobId = jobId });
        Assert.That((await CallAsync([.. one, .. one])).Status, Is.EqualTo("3"));
        Assert.That((await CallAsync([])).Status, Is.EqualTo("3"));
    }

    [Test]
    public async Task Message_NotProtobuf_IsInvalidArgument()
    {
        var (_, _, status, message) = await CallAsync(Frame(0, 11, [0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.That(status, Is.EqualTo("3"));
        Assert.That(message, Does.Contain("GetJobRequest"));
    }

    [Test]
    public async Task Call_WithoutCredentials_IsUnauthenticated()
    {
        var (response, _, status, _) = await CallAsync(Frame(new HealthRequest()), "Health", credentials: false);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "gRPC errors travel in trailers");
        Assert.That(status, Is.EqualTo("16"));
    }

    [Test]
    public async Task Call_UnknownMethod_IsUnimplemented() =>
        Assert.That((await CallAsync(Frame(new HealthRequest()), "Teleport")).Status, Is.EqualTo("12"));

    [Test]
    public async Task Call_WrongContentType_IsHttp415() =>
        Assert.That((await CallAsync(Frame(new HealthRequest()), "Health", contentType: "application/json")).Response.StatusCode,
            Is.EqualTo(HttpStatusCode.UnsupportedMediaType));

    [Test]
    public async Task Call_MalformedTimeout_IsInvalidArgument() =>
        Assert.That((await CallAsync(Frame(new HealthRequest()), "Health", timeout: "soon")).Status, Is.EqualTo("3"));

    [Test]
    public async Task Wait_PastTheDeadline_IsDeadlineExceeded()
    {
        var started = DateTime.UtcNow;
        var (_, _, status, _) = await CallAsync(Frame(new GetJobRequest { JobId = jobId, WaitForCompletion = true }), timeout: "300m");
        Assert.That(status, Is.EqualTo("4"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [TestCase("5S", 5.0)]
    [TestCase("250m", 0.25)]
    [TestCase("2M", 120.0)]
    [TestCase("1H", 3600.0)]
    [TestCase("1000u", 0.001)]
    [TestCase("1000000n", 0.001)]
    public void ParseTimeout_AllUnits(string header, double seconds) =>
        Assert.That(PacsSeg.Plugin.GrpcApi.GrpcFraming.ParseTimeout(header)!.Value.TotalSeconds, Is.EqualTo(seconds).Within(1e-9));
}
