using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Dicom;
using PacsSeg.Dicom.Network.DicomWeb;
using PacsSeg.Plugin.GrpcApi.V1;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Tests.Inference;
using PacsSeg.Plugin.Tests.Support;

namespace PacsSeg.Plugin.Tests.DicomWebServer;

/// <summary>
/// QIDO-RS and WADO-RS over what the plugin produced: a CT series goes in over STOW-RS (our DicomWebClient), the
/// real engine writes a SEG and a Parametric Map, and both come back out through our client and through an
/// independent one (python urllib + pydicom parsing the multipart parts). The CT series is written by pydicom.
/// </summary>
[Category("Peer")]
public sealed class DicomWebServerTests
{
    private const string Study = "1.2.826.0.1.3680043.9.7778.1";
    private TestDirectory dir = null!;
    private RunningPlugin plugin = null!;
    private DicomWebClient client = null!;
    private HttpClient http = null!;
    private JobRecord job = null!;
    private DicomDataset seg = null!;
    private DicomDataset map = null!;
    private string segPath = null!;
    private string mapPath = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        dir = new TestDirectory();
        TestModels.InstallPhantomModel(Path.Combine(dir.Path, "models"));
        string ct = Path.Combine(dir.Path, "ct");
        Directory.CreateDirectory(ct);
        var (rc, output) = await PeerTools.RunAsync("/usr/bin/python3", "-c", SegmentationEngineEndToEndTests.WriteCtSeries, ct);
        Assert.That(rc, Is.Zero, output);
        plugin = await RunningPlugin.StartAsync(dir.Path);
        http = new HttpClient();
        var options = new DicomWebClientOptions { BaseUri = new Uri($"http://127.0.0.1:{plugin.HttpPort}/dicomweb/") };
        options.Headers["X-Api-Key"] = RunningPlugin.ApiKey;
        client = new DicomWebClient(http, options);
        var stored = await client.StoreFilesAsync(Directory.GetFiles(ct).Order(StringComparer.Ordinal), null, CancellationToken.None);
        Assert.That(stored.StoredSopInstanceUids, Has.Count.EqualTo(16));

        var store = plugin.Services.GetRequiredService<IJobStore>();
        var until = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            job = (await store.ListJobsAsync(new JobQuery(), CancellationToken.None)).Single();
            if (job.State is JobState.Done or JobState.Failed or JobState.DeadLetter || DateTime.UtcNow > until)
                break;
            await Task.Delay(200);
        }
        Assert.That(job.State, Is.EqualTo(JobState.Done), job.Detail);
        segPath = job.Results.Single(p => p.EndsWith("segmentation.dcm", StringComparison.Ordinal));
        mapPath = job.Results.Single(p => p.EndsWith("uncertainty.dcm", StringComparison.Ordinal));
        seg = DicomFile.Open(segPath).Dataset;
        map = DicomFile.Open(mapPath).Dataset;
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        http.Dispose();
        await plugin.DisposeAsync();
        dir.Dispose();
    }

    private static string Uid(DicomDataset d, DicomTag tag) => d.GetString(tag);

    [Test]
    public async Task SearchStudies_ByPatientId_FindsTheResultStudyWithItsSeriesAndModalities()
    {
        var studies = await client.SearchStudiesAsync(new Dictionary<string, string> { ["PatientID"] = "P1" }, CancellationToken.None);
        Assert.That(studies, Has.Count.EqualTo(1));
        var s = studies[0];
        Assert.That(DicomJson.GetString(s, DicomTags.StudyInstanceUID), Is.EqualTo(Study));
        Assert.That(DicomJson.GetString(s, DicomTags.PatientName), Is.EqualTo("Phantom^Test"));
        Assert.That(DicomJson.GetString(s, new DicomTag(0x0020, 0x1206)), Is.EqualTo("2"), "SEG and Parametric Map series");
        Assert.That(DicomJson.GetString(s, new DicomTag(0x0020, 0x1208)), Is.EqualTo("2"));
        Assert.That(s.GetProperty("00080061").GetProperty("Value").EnumerateArray().Select(v => v.GetString()), Does.Contain("SEG"));
        Assert.That(DicomJson.GetString(s, new DicomTag(0x0008, 0x1190)), Does.EndWith($"/dicomweb/studies/{Study}"));

        Assert.That(await client.SearchStudiesAsync(new Dictionary<string, string> { ["PatientID"] = "NOBODY" }, CancellationToken.None), Is.Empty);
        Assert.That(await client.SearchStudiesAsync(new Dictionary<string, string> { ["PatientID"] = "P*" }, CancellationToken.None), Has.Count.EqualTo(1), "wildcard");
        Assert.That(await client.SearchStudiesAsync(new Dictionary<string, string> { ["StudyDate"] = "20250101-20261231" }, CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(await client.SearchStudiesAsync(new Dictionary<string, string> { ["StudyDate"] = "20270101-" }, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task SearchSeries_FiltersByModality_AndPagesWithLimitAndOffset()
    {
        var all = await client.SearchSeriesAsync(Study, null, CancellationToken.None);
        Assert.That(all.Select(s => DicomJson.GetString(s, DicomTags.SeriesInstanceUID)),
            Is.EquivalentTo(new[] { Uid(seg, DicomTags.SeriesInstanceUID), Uid(map, DicomTags.SeriesInstanceUID) }));
        var segOnly = await client.SearchSeriesAsync(Study, new Dictionary<string, string> { ["Modality"] = "SEG" }, CancellationToken.None);
        Assert.That(segOnly.Select(s => DicomJson.GetString(s, DicomTags.SeriesInstanceUID)), Is.EqualTo(new[] { Uid(seg, DicomTags.SeriesInstanceUID) }));
        var first = await client.SearchSeriesAsync(Study, new Dictionary<string, string> { ["limit"] = "1" }, CancellationToken.None);
        var second = await client.SearchSeriesAsync(Study, new Dictionary<string, string> { ["limit"] = "1", ["offset"] = "1" }, CancellationToken.None);
        Assert.That(first.Concat(second).Select(s => DicomJson.GetString(s, DicomTags.SeriesInstanceUID)), Is.EquivalentTo(all.Select(s => DicomJson.GetString(s, DicomTags.SeriesInstanceUID))));
        Assert.That(await client.SearchSeriesAsync("1.2.3.4", null, CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task SearchInstances_InTheSegSeries_ListsTheSegInstance()
    {
        var instances = await client.SearchInstancesAsync(Study, Uid(seg, DicomTags.SeriesInstanceUID), null, CancellationToken.None);
        Assert.That(instances, Has.Count.EqualTo(1));
        Assert.That(DicomJson.GetString(instances[0], DicomTags.SOPInstanceUID), Is.EqualTo(Uid(seg, DicomTags.SOPInstanceUID)));
        Assert.That(DicomJson.GetString(instances[0], DicomTags.SOPClassUID), Is.EqualTo("1.2.840.10008.5.1.4.1.1.66.4"));
        Assert.That(DicomJson.GetString(instances[0], DicomTags.Rows), Is.EqualTo("64"));
    }

    [Test]
    public async Task RetrieveInstance_ReturnsTheStoredObjectByteForByte()
    {
        using var copy = new MemoryStream();
        await client.RetrieveInstanceAsync(Study, Uid(map, DicomTags.SeriesInstanceUID), Uid(map, DicomTags.SOPInstanceUID), copy, CancellationToken.None);
        Assert.That(copy.ToArray(), Is.EqualTo(await File.ReadAllBytesAsync(mapPath)));
    }

    [Test]
    public async Task RetrieveSeriesAndStudy_StreamEveryResultInstance()
    {
        var parts = new List<byte[]>();
        int n = await client.RetrieveSeriesAsync(Study, Uid(seg, DicomTags.SeriesInstanceUID), async (part, ct) =>
        {
            using var m = new MemoryStream();
            await part.Body.CopyToAsync(m, ct);
            Assert.That(part.ContentType, Does.StartWith("application/dicom"));
            parts.Add(m.ToArray());
        }, CancellationToken.None);
        Assert.That(n, Is.EqualTo(1));
        Assert.That(parts[0], Is.EqualTo(await File.ReadAllBytesAsync(segPath)));

        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{plugin.HttpPort}/dicomweb/studies/{Study}");
        request.Headers.Add("X-Api-Key", RunningPlugin.ApiKey);
        request.Headers.TryAddWithoutValidation("Accept", "multipart/related; type=\"application/dicom\"");
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync(), MultipartReader.GetBoundary(response.Content.Headers.ContentType!.ToString()));
        int count = 0;
        while (await reader.ReadNextPartAsync(CancellationToken.None) is { } part)
        {
            using var copy = new MemoryStream();
            await part.Body.CopyToAsync(copy);
            copy.Position = 0;
            Assert.That(DicomFile.Open(copy).Dataset.GetString(DicomTags.StudyInstanceUID), Is.EqualTo(Study));
            count++;
        }
        Assert.That(count, Is.EqualTo(2));
    }

    [Test]
    public async Task SeriesMetadata_IsDicomJson_WithABulkDataUriThatServesThePixelData()
    {
        var metadata = await client.RetrieveSeriesMetadataAsync(Study, Uid(seg, DicomTags.SeriesInstanceUID), CancellationToken.None);
        Assert.That(metadata, Has.Count.EqualTo(1));
        var m = metadata[0];
        Assert.That(DicomJson.GetString(m, DicomTags.SOPInstanceUID), Is.EqualTo(Uid(seg, DicomTags.SOPInstanceUID)));
        Assert.That(DicomJson.GetString(m, DicomTags.Modality), Is.EqualTo("SEG"));
        Assert.That(m.GetProperty("00280010").GetProperty("Value")[0].GetInt32(), Is.EqualTo(64), "US as a number");
        Assert.That(DicomJson.GetSequence(m, new DicomTag(0x0062, 0x0002)), Is.Not.Empty, "SegmentSequence nested");
        var pixel = m.GetProperty("7FE00010");
        Assert.That(pixel.GetProperty("vr").GetString(), Is.EqualTo("OB"));
        string uri = pixel.GetProperty("BulkDataURI").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Add("X-Api-Key", RunningPlugin.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var reader = new MultipartReader(await response.Content.ReadAsStreamAsync(), MultipartReader.GetBoundary(response.Content.Headers.ContentType!.ToString()));
        var part = await reader.ReadNextPartAsync(CancellationToken.None);
        using var bytes = new MemoryStream();
        await part!.Body.CopyToAsync(bytes);
        Assert.That(bytes.ToArray(), Is.EqualTo(seg.FindElement(DicomTags.PixelData)!.Buffer.GetMemory().ToArray()));
    }

    [TestCase("/dicomweb/studies", HttpStatusCode.Unauthorized, false)]
    [TestCase("/dicomweb/studies/" + Study + "/metadata", HttpStatusCode.Unauthorized, false)]
    [TestCase("/dicomweb/studies?Teleport=1", HttpStatusCode.BadRequest, true)]
    [TestCase("/dicomweb/studies?limit=-1", HttpStatusCode.BadRequest, true)]
    [TestCase("/dicomweb/studies?StudyDate=yesterday", HttpStatusCode.BadRequest, true)]
    [TestCase("/dicomweb/studies/..%2F..%2Fetc/series", HttpStatusCode.BadRequest, true)]
    [TestCase("/dicomweb/studies/1.2.3.4", HttpStatusCode.NotFound, true)]
    [TestCase("/dicomweb/studies/1.2.3.4/metadata", HttpStatusCode.NotFound, true)]
    public async Task BadRequests_GetClearStatusCodes(string path, HttpStatusCode expected, bool credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{plugin.HttpPort}{path}");
        if (credentials) request.Headers.Add("X-Api-Key", RunningPlugin.ApiKey);
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(expected));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("error"));
    }

    [Test]
    public async Task Retrieve_AskingForJsonOrAnotherTransferSyntax_IsNotAcceptable()
    {
        foreach (var accept in new[] { "application/json", "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{plugin.HttpPort}/dicomweb/studies/{Study}");
            request.Headers.Add("X-Api-Key", RunningPlugin.ApiKey);
            request.Headers.TryAddWithoutValidation("Accept", accept);
            using var response = await http.SendAsync(request);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotAcceptable), accept);
        }
    }

    [Test]
    public async Task GetJob_OverGrpc_ListsTheResultObjectsAndTheStateHistory()
    {
        var frame = new byte[5 + new GetJobRequest { JobId = job.Id }.CalculateSize()];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(frame.Length - 5));
        new GetJobRequest { JobId = job.Id }.WriteTo(frame.AsSpan(5));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{plugin.GrpcPort}/pacsseg.v1.PacsSeg/GetJob")
        {
            Content = new ByteArrayContent(frame),
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        request.Headers.Add("x-api-key", RunningPlugin.ApiKey);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsByteArrayAsync();
        var reply = Job.Parser.ParseFrom(body.AsSpan(5));
        Assert.That(reply.Results.Select(r => r.SopInstanceUid), Is.EquivalentTo(new[] { Uid(seg, DicomTags.SOPInstanceUID), Uid(map, DicomTags.SOPInstanceUID) }));
        Assert.That(reply.Results.Single(r => r.SopInstanceUid == Uid(seg, DicomTags.SOPInstanceUID)).Modality, Is.EqualTo("SEG"));
        Assert.That(reply.Events.Select(e => e.ToState), Does.Contain("Inferring").And.Contain("Done"));
        Assert.That(reply.Modality, Is.EqualTo("CT"));
    }

    private const string IndependentClient = """
        import sys, json, io, hashlib, urllib.request
        import pydicom
        base, key, study = sys.argv[1:4]
        def get(path, accept):
            rq = urllib.request.Request(base + path, headers={'X-Api-Key': key, 'Accept': accept})
            with urllib.request.urlopen(rq, timeout=30) as r:
                return r.headers.get('Content-Type'), r.read()
        out = {}
        ctype, body = get('/dicomweb/studies?PatientID=P1', 'application/dicom+json')
        out['qido_type'] = ctype
        out['studies'] = [s['0020000D']['Value'][0] for s in json.loads(body)]
        ctype, body = get('/dicomweb/studies/%s/series' % study, 'application/dicom+json')
        series = json.loads(body)
        out['series'] = len(series)
        out['instances'] = []
        for s in series:
            uid = s['0020000E']['Value'][0]
            ctype, body = get('/dicomweb/studies/%s/series/%s' % (study, uid), 'multipart/related; type="application/dicom"')
            params = dict(p.strip().split('=', 1) for p in ctype.split(';')[1:])
            boundary = params['boundary'].strip('"').encode()
            for chunk in body.split(b'--' + boundary)[1:]:
                if chunk.startswith(b'--'):
                    break
                head, _, payload = chunk.partition(b'\r\n\r\n')
                payload = payload[:-2] if payload.endswith(b'\r\n') else payload
                ds = pydicom.dcmread(io.BytesIO(payload))
                out['instances'].append([ds.SOPInstanceUID, ds.Modality, ds.SOPClassUID, hashlib.sha256(payload).hexdigest(), head.decode().strip()])
            ctype, body = get('/dicomweb/studies/%s/series/%s/metadata' % (study, uid), 'application/dicom+json')
            out.setdefault('metadata', []).append(json.loads(body)[0]['00080018']['Value'][0])
        print(json.dumps(out))
        """;

    [Test]
    public async Task IndependentClient_PythonUrllibAndPydicom_ReadsTheResultsOverQidoAndWado()
    {
        var (rc, output) = await PeerTools.RunAsync("/usr/bin/python3", "-c", IndependentClient, $"http://127.0.0.1:{plugin.HttpPort}", RunningPlugin.ApiKey, Study);
        Assert.That(rc, Is.Zero, output);
        using var json = JsonDocument.Parse(output);
        var r = json.RootElement;
        Assert.That(r.GetProperty("qido_type").GetString(), Does.StartWith("application/dicom+json"));
        Assert.That(r.GetProperty("studies").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(new[] { Study }));
        Assert.That(r.GetProperty("series").GetInt32(), Is.EqualTo(2));
        var instances = r.GetProperty("instances").EnumerateArray().ToDictionary(e => e[0].GetString()!, e => e);
        string segUid = Uid(seg, DicomTags.SOPInstanceUID), mapUid = Uid(map, DicomTags.SOPInstanceUID);
        Assert.That(instances.Keys, Is.EquivalentTo(new[] { segUid, mapUid }));
        Assert.That(instances[segUid][1].GetString(), Is.EqualTo("SEG"));
        Assert.That(instances[mapUid][2].GetString(), Is.EqualTo("1.2.840.10008.5.1.4.1.1.30"));
        Assert.That(instances[segUid][3].GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(segPath)))));
        Assert.That(instances[mapUid][3].GetString(), Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(mapPath)))));
        Assert.That(instances[segUid][4].GetString(), Does.Contain("Content-Type: application/dicom"));
        Assert.That(r.GetProperty("metadata").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { segUid, mapUid }));
    }
}
