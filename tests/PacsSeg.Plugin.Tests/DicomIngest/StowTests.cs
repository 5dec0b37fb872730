using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.DicomIngest;

public sealed class StowTests
{
    private TestDirectory dir = null!;

    [SetUp]
    public void SetUp() => dir = new TestDirectory();

    [TearDown]
    public void TearDown() => dir.Dispose();

    private static HttpContent Multipart(params byte[][] parts)
    {
        var content = new MultipartContent("related", "pacsseg-test-boundary");
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var part in parts)
        {
            var body = new ByteArrayContent(part);
            body.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(body);
        }
        return content;
    }

    [Test]
    [Category("Peer")]
    public async Task Stow_PydicomInstances_AreStoredRecordedAndListed()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var files = await PeerTools.WriteSeriesAsync(Path.Combine(dir.Path, "in"), "1.2.826.0.1.3680043.9.7777.5", "1.2.826.0.1.3680043.9.7777.5.2", 2);
        var response = await plugin.Admin.PostAsync("/dicomweb/studies", Multipart(files.Select(File.ReadAllBytes).ToArray()));
        string body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/dicom+json"));
        using var json = JsonDocument.Parse(body);
        Assert.That(json.RootElement.GetProperty("00081199").GetProperty("Value").GetArrayLength(), Is.EqualTo(2));
        var job = (await plugin.Services.GetRequiredService<IJobStore>().ListJobsAsync(new JobQuery(StudyInstanceUid: "1.2.826.0.1.3680043.9.7777.5"), CancellationToken.None)).Single();
        Assert.That(job.InstanceCount, Is.EqualTo(2));
        Assert.That(job.SourceAe, Does.StartWith("STOW:key:"));

        var wrongStudy = await plugin.Admin.PostAsync("/dicomweb/studies/1.2.3.4", Multipart(File.ReadAllBytes(files[0])));
        Assert.That(wrongStudy.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(await wrongStudy.Content.ReadAsStringAsync(), Does.Contain("00081197"));
    }

    [Test]
    public async Task Stow_WhenDiskIsFull_Returns503WithRetryAfter()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path, new Dictionary<string, string?>
        {
            ["PacsSeg:Spool:MinFreeBytes"] = (long.MaxValue / 2).ToString(),
            ["PacsSeg:Spool:RetryAfterSeconds"] = "77",
        });
        var response = await plugin.Admin.PostAsync("/dicomweb/studies", Multipart([1, 2, 3]));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Headers.RetryAfter!.Delta, Is.EqualTo(TimeSpan.FromSeconds(77)));
    }

    [Test]
    public async Task Stow_GarbagePart_IsListedAsFailedAndNothingIsKept()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var response = await plugin.Admin.PostAsync("/dicomweb/studies", Multipart(Encoding.ASCII.GetBytes("this is not DICOM at all, just text")));
        string body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), body);
        Assert.That(body, Does.Contain("\"00081197\":{\"vr\":\"US\",\"Value\":[49152]}"), "failure reason C000");
        Assert.That(Directory.EnumerateFiles(Path.Combine(dir.Path, "spool"), "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Stow_TruncatedMultipartBody_Returns400WithTheReason()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes("--b\r\nContent-Type: application/dicom\r\n\r\nDICM-but-no-closing-boundary"));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/related; type=\"application/dicom\"; boundary=b");
        var response = await plugin.Admin.PostAsync("/dicomweb/studies", content);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Malformed multipart").Or.Contain("rejected").Or.Contain("Unreadable"));
    }

    [Test]
    public async Task Stow_WrongContentTypeOrNoCredentials_IsRefused()
    {
        await using var plugin = await RunningPlugin.StartAsync(dir.Path);
        var json = new StringContent("{}", Encoding.UTF8, "application/json");
        Assert.That((await plugin.Admin.PostAsync("/dicomweb/studies", json)).StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
        Assert.That((await plugin.Anonymous.PostAsync("/dicomweb/studies", Multipart([1]))).StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
