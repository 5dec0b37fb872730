// DICOMweb client: STOW-RS, QIDO-RS and WADO-RS (instances, series, metadata) with authentication headers.
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PacsSeg.Dicom.Network.DicomWeb;

public sealed class DicomWebClient
{
    private static readonly DicomTag ReferencedSopSequence = new(0x0008, 0x1199);
    private static readonly DicomTag FailedSopSequence = new(0x0008, 0x1198);
    private static readonly DicomTag ReferencedSopInstanceUid = new(0x0008, 0x1155);
    private static readonly DicomTag FailureReason = new(0x0008, 0x1197);

    private readonly HttpClient _http;
    private readonly DicomWebClientOptions _options;
    private readonly Uri _base;

    public DicomWebClient(HttpClient http, DicomWebClientOptions options)
    {
        _http = http;
        _options = options;
        string b = options.BaseUri.ToString();
        _base = new Uri(b.EndsWith('/') ? b : b + "/");
    }

    private HttpRequestMessage Request(HttpMethod method, string relative, string accept)
    {
        var rq = new HttpRequestMessage(method, new Uri(_base, relative));
        rq.Headers.TryAddWithoutValidation("Accept", accept);
        if (_options.BearerToken is { } token)
            rq.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        else if (_options.UserName is { } user)
            rq.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{_options.Password}")));
        foreach (var (k, v) in _options.Headers)
            rq.Headers.TryAddWithoutValidation(k, v);
        return rq;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage rsp, string what, CancellationToken ct)
    {
        if (rsp.IsSuccessStatusCode)
            return;
        string body = await rsp.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        throw new DicomWebException(rsp.StatusCode, $"{what} failed with HTTP {(int)rsp.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
    }

    private static string Segment(string uid)
    {
        if (uid.Length == 0 || uid.Length > 64 || !uid.All(c => char.IsAsciiDigit(c) || c == '.'))
            throw new ArgumentException($"'{uid}' is not a DICOM UID.", nameof(uid));
        return uid;
    }

    /// <summary>
    /// STOW-RS of Part 10 files in one multipart/related request (optionally into one study). HTTP 200 and 202
    /// (some stored) and 409 (none stored) all return a result listing what was stored and what failed.
    /// </summary>
    public async Task<DicomWebStoreResult> StoreFilesAsync(IEnumerable<string> paths, string? studyInstanceUid, CancellationToken cancellationToken)
    {
        var files = paths.ToList();
        using var rq = Request(HttpMethod.Post, studyInstanceUid is null ? "studies" : $"studies/{Segment(studyInstanceUid)}", "application/dicom+json");
        rq.Content = new MultipartRelatedContent(files);
        using var rsp = await _http.SendAsync(rq, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!rsp.IsSuccessStatusCode && rsp.StatusCode != HttpStatusCode.Conflict)
            await EnsureSuccessAsync(rsp, "STOW-RS", cancellationToken).ConfigureAwait(false);
        var stored = new List<string>();
        var failed = new List<DicomWebStoreFailure>();
        string text = await rsp.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (text.Length > 0)
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.GetArrayLength() > 0 ? doc.RootElement[0] : doc.RootElement;
            foreach (var item in DicomJson.GetSequence(root, ReferencedSopSequence))
            {
                if (DicomJson.GetString(item, ReferencedSopInstanceUid) is { } uid)
                    stored.Add(uid);
            }
            foreach (var item in DicomJson.GetSequence(root, FailedSopSequence))
            {
                ushort? reason = ushort.TryParse(DicomJson.GetString(item, FailureReason), out var r) ? r : null;
                failed.Add(new DicomWebStoreFailure(DicomJson.GetString(item, ReferencedSopInstanceUid) ?? "", reason));
            }
        }
        return new DicomWebStoreResult(rsp.StatusCode, stored, failed);
    }

    private static string QueryString(IReadOnlyDictionary<string, string>? query) =>
        query is null || query.Count == 0 ? "" :
        "?" + string.Join('&', query.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    private async Task<IReadOnlyList<JsonElement>> GetJsonArrayAsync(string relative, string what, CancellationToken ct)
    {
        using var rq = Request(HttpMethod.Get, relative, "application/dicom+json");
        using var rsp = await _http.SendAsync(rq, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (rsp.StatusCode == HttpStatusCode.NoContent)
            return Array.Empty<JsonElement>();
        await EnsureSuccessAsync(rsp, what, ct).ConfigureAwait(false);
        await using var body = await rsp.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var doc = await JsonDocument.ParseAsync(body, default, ct).ConfigureAwait(false);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{what}: expected a JSON array.");
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>QIDO-RS studies search; keys are attribute keywords or tags (PatientID=..., ModalitiesInStudy=..., includefield=...).</summary>
    public Task<IReadOnlyList<JsonElement>> SearchStudiesAsync(IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken) =>
        GetJsonArrayAsync("studies" + QueryString(query), "QIDO-RS studies", cancellationToken);

    /// <summary>QIDO-RS series search, in one study or across all.</summary>
    public Task<IReadOnlyList<JsonElement>> SearchSeriesAsync(string? studyInstanceUid, IReadOnlyDictionary<string, string>? query,
        CancellationToken cancellationToken) =>
        GetJsonArrayAsync((studyInstanceUid is null ? "series" : $"studies/{Segment(studyInstanceUid)}/series") + QueryString(query),
            "QIDO-RS series", cancellationToken);

    /// <summary>QIDO-RS instances search in a series.</summary>
    public Task<IReadOnlyList<JsonElement>> SearchInstancesAsync(string studyInstanceUid, string seriesInstanceUid,
        IReadOnlyDictionary<string, string>? query, CancellationToken cancellationToken) =>
        GetJsonArrayAsync($"studies/{Segment(studyInstanceUid)}/series/{Segment(seriesInstanceUid)}/instances" + QueryString(query),
            "QIDO-RS instances", cancellationToken);

    /// <summary>WADO-RS metadata of a series (DICOM JSON, bulk data left out by the server).</summary>
    public Task<IReadOnlyList<JsonElement>> RetrieveSeriesMetadataAsync(string studyInstanceUid, string seriesInstanceUid, CancellationToken cancellationToken) =>
        GetJsonArrayAsync($"studies/{Segment(studyInstanceUid)}/series/{Segment(seriesInstanceUid)}/metadata", "WADO-RS series metadata", cancellationToken);

    /// <summary>WADO-RS metadata of a study.</summary>
    public Task<IReadOnlyList<JsonElement>> RetrieveStudyMetadataAsync(string studyInstanceUid, CancellationToken cancellationToken) =>
        GetJsonArrayAsync($"studies/{Segment(studyInstanceUid)}/metadata", "WADO-RS study metadata", cancellationToken);

    /// <summary>WADO-RS of every instance of a series; each Part 10 instance is handed to <paramref name="onInstance"/> as it streams in.</summary>
    public Task<int> RetrieveSeriesAsync(string studyInstanceUid, string seriesInstanceUid,
        Func<MultipartPart, CancellationToken, Task> onInstance, CancellationToken cancellationToken) =>
        RetrieveMultipartAsync($"studies/{Segment(studyInstanceUid)}/series/{Segment(seriesInstanceUid)}", onInstance, cancellationToken);

    /// <summary>WADO-RS of one instance, written as a Part 10 file to <paramref name="destination"/>.</summary>
    public async Task RetrieveInstanceAsync(string studyInstanceUid, string seriesInstanceUid, string sopInstanceUid,
        Stream destination, CancellationToken cancellationToken)
    {
        int n = await RetrieveMultipartAsync(
            $"studies/{Segment(studyInstanceUid)}/series/{Segment(seriesInstanceUid)}/instances/{Segment(sopInstanceUid)}",
            (part, ct) => part.Body.CopyToAsync(destination, 1 << 16, ct), cancellationToken).ConfigureAwait(false);
        if (n != 1)
            throw new InvalidDataException($"WADO-RS instance answer had {n} parts instead of 1.");
    }

    private async Task<int> RetrieveMultipartAsync(string relative, Func<MultipartPart, CancellationToken, Task> onPart, CancellationToken ct)
    {
        using var rq = Request(HttpMethod.Get, relative, "multipart/related; type=\"application/dicom\"; transfer-syntax=*");
        using var rsp = await _http.SendAsync(rq, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        await EnsureSuccessAsync(rsp, "WADO-RS", ct).ConfigureAwait(false);
        string contentType = rsp.Content.Headers.ContentType?.ToString() ?? "";
        if (!contentType.StartsWith("multipart/related", StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"WADO-RS answered '{contentType}' instead of multipart/related.");
        await using var body = await rsp.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var reader = new MultipartReader(body, MultipartReader.GetBoundary(contentType));
        int count = 0;
        while (await reader.ReadNextPartAsync(ct).ConfigureAwait(false) is { } part)
        {
            await onPart(part, ct).ConfigureAwait(false);
            count++;
        }
        return count;
    }
}
