// DICOMweb over the plugin's results (PS3.18): QIDO-RS searches (studies, series, instances; application/dicom+json)
// and WADO-RS retrieval (studies, series and instances as multipart/related; type="application/dicom", metadata as
// dicom+json, bulk data of large binary attributes). Only what the plugin wrote (SEG, Parametric Map) is served;
// the admin API's credentials guard every path (AuthenticationMiddleware).
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Dicom.Network.DicomWeb;

namespace PacsSeg.Plugin.DicomWebServer;

public static class DicomWebEndpoints
{
    public const string DicomJson = "application/dicom+json";
    private static readonly DicomReadOptions MetadataRead = new() { LargeValueThreshold = DicomJsonWriter.InlineBinaryLimit };

    public static void Map(IEndpointRouteBuilder app)
    {
        var web = app.MapGroup("/dicomweb");
        web.MapGet("/studies", (HttpContext c, ResultIndex index) => SearchAsync(c, index, QidoLevel.Study, null, null));
        web.MapGet("/series", (HttpContext c, ResultIndex index) => SearchAsync(c, index, QidoLevel.Series, null, null));
        web.MapGet("/instances", (HttpContext c, ResultIndex index) => SearchAsync(c, index, QidoLevel.Instance, null, null));
        web.MapGet("/studies/{study}/series", (string study, HttpContext c, ResultIndex index) => SearchAsync(c, index, QidoLevel.Series, study, null));
        web.MapGet("/studies/{study}/instances", (string study, HttpContext c, ResultIndex index) => SearchAsync(c, index, QidoLevel.Instance, study, null));
        web.MapGet("/studies/{study}/series/{series}/instances", (string study, string series, HttpContext c, ResultIndex index) =>
            SearchAsync(c, index, QidoLevel.Instance, study, series));

        web.MapGet("/studies/{study}", (string study, HttpContext c, ResultIndex index) => RetrieveAsync(c, index, study, null, null));
        web.MapGet("/studies/{study}/series/{series}", (string study, string series, HttpContext c, ResultIndex index) =>
            RetrieveAsync(c, index, study, series, null));
        web.MapGet("/studies/{study}/series/{series}/instances/{sop}", (string study, string series, string sop, HttpContext c, ResultIndex index) =>
            RetrieveAsync(c, index, study, series, sop));

        web.MapGet("/studies/{study}/metadata", (string study, HttpContext c, ResultIndex index) => MetadataAsync(c, index, study, null, null));
        web.MapGet("/studies/{study}/series/{series}/metadata", (string study, string series, HttpContext c, ResultIndex index) =>
            MetadataAsync(c, index, study, series, null));
        web.MapGet("/studies/{study}/series/{series}/instances/{sop}/metadata", (string study, string series, string sop, HttpContext c, ResultIndex index) =>
            MetadataAsync(c, index, study, series, sop));
        web.MapGet("/studies/{study}/series/{series}/instances/{sop}/bulk/{tag}", (string study, string series, string sop, string tag, HttpContext c, ResultIndex index) =>
            BulkDataAsync(c, index, study, series, sop, tag));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, ResultIndex index, QidoLevel level, string? study, string? series)
    {
        if ((BadUid(study) ?? BadUid(series)) is { } bad)
            return bad;
        if (!QidoQuery.TryParse(context.Request.Query, level, out var parsed, out string error))
            return Error(StatusCodes.Status400BadRequest, error);
        var query = parsed.Query;
        if (study is not null)
            query = query with { StudyInstanceUids = [study] };
        if (series is not null)
            query = query with { SeriesInstanceUids = [series] };
        var rows = await index.SearchAsync(query, context.RequestAborted).ConfigureAwait(false);
        string baseUri = BaseUri(context);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var (_, group) in QidoResponse.Group(rows, level).Skip(parsed.Offset).Take(parsed.Limit))
                QidoResponse.Write(writer, level, group, baseUri);
            writer.WriteEndArray();
        }
        return Results.Bytes(buffer.ToArray(), DicomJson);
    }

    private static async Task<IResult> RetrieveAsync(HttpContext context, ResultIndex index, string study, string? series, string? sop)
    {
        if ((BadUid(study) ?? BadUid(series) ?? BadUid(sop)) is { } bad)
            return bad;
        if (!AcceptsDicomMultipart(context.Request.Headers.Accept.ToString(), out string? transferSyntax))
            return Error(StatusCodes.Status406NotAcceptable, "This server answers retrieve requests with multipart/related; type=\"application/dicom\".");
        var rows = await Find(index, study, series, sop, context.RequestAborted).ConfigureAwait(false);
        if (rows.Count == 0)
            return Error(StatusCodes.Status404NotFound, "No result object matches.");
        if (transferSyntax is not null && rows.Any(r => r.TransferSyntaxUid != transferSyntax))
            return Error(StatusCodes.Status406NotAcceptable, $"Results are served in their stored transfer syntax ({rows[0].TransferSyntaxUid}); ask for transfer-syntax=* or that one.");
        string boundary = MultipartWriter.NewBoundary();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = $"multipart/related; type=\"application/dicom\"; boundary={boundary}";
        var multipart = new MultipartWriter(response.Body, boundary);
        foreach (var row in rows)
        {
            await using var file = new FileStream(row.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await multipart.WritePartAsync($"application/dicom; transfer-syntax={row.TransferSyntaxUid}", file, context.RequestAborted).ConfigureAwait(false);
        }
        await multipart.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static async Task<IResult> MetadataAsync(HttpContext context, ResultIndex index, string study, string? series, string? sop)
    {
        if ((BadUid(study) ?? BadUid(series) ?? BadUid(sop)) is { } bad)
            return bad;
        var rows = await Find(index, study, series, sop, context.RequestAborted).ConfigureAwait(false);
        if (rows.Count == 0)
            return Error(StatusCodes.Status404NotFound, "No result object matches.");
        string baseUri = BaseUri(context);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var row in rows)
            {
                var dataset = DicomFile.Open(row.Path, MetadataRead).Dataset;
                string instanceUri = $"{baseUri}/studies/{row.StudyInstanceUid}/series/{row.SeriesInstanceUid}/instances/{row.SopInstanceUid}";
                DicomJsonWriter.WriteDataset(writer, dataset, tag => $"{instanceUri}/bulk/{DicomJsonWriter.Key(tag)}");
            }
            writer.WriteEndArray();
        }
        return Results.Bytes(buffer.ToArray(), DicomJson);
    }

    private static async Task<IResult> BulkDataAsync(HttpContext context, ResultIndex index, string study, string series, string sop, string tagText)
    {
        if ((BadUid(study) ?? BadUid(series) ?? BadUid(sop)) is { } bad)
            return bad;
        if (tagText.Length != 8 || !uint.TryParse(tagText, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out uint raw))
            return Error(StatusCodes.Status400BadRequest, $"'{tagText}' is not a tag (8 hex digits).");
        var rows = await Find(index, study, series, sop, context.RequestAborted).ConfigureAwait(false);
        if (rows.Count == 0)
            return Error(StatusCodes.Status404NotFound, "No result object matches.");
        var dataset = DicomFile.Open(rows[0].Path, MetadataRead).Dataset;
        if (dataset.FindElement(new DicomTag((ushort)(raw >> 16), (ushort)raw)) is not { } element)
            return Error(StatusCodes.Status404NotFound, $"The instance has no element {tagText} with bulk data.");
        string boundary = MultipartWriter.NewBoundary();
        context.Response.ContentType = $"multipart/related; type=\"application/octet-stream\"; boundary={boundary}";
        var multipart = new MultipartWriter(context.Response.Body, boundary);
        using var value = new MemoryStream();
        await element.Buffer.CopyToAsync(value, context.RequestAborted).ConfigureAwait(false);
        value.Position = 0;
        await multipart.WritePartAsync("application/octet-stream", value, context.RequestAborted).ConfigureAwait(false);
        await multipart.CompleteAsync(context.RequestAborted).ConfigureAwait(false);
        return Results.Empty;
    }

    private static Task<IReadOnlyList<ResultInstance>> Find(ResultIndex index, string study, string? series, string? sop, CancellationToken cancellationToken) =>
        index.SearchAsync(new ResultQuery
        {
            StudyInstanceUids = [study],
            SeriesInstanceUids = series is null ? null : [series],
            SopInstanceUids = sop is null ? null : [sop],
        }, cancellationToken);

    // Accept: absent, */*, application/dicom, or multipart/related with type application/dicom (the default type).
    // A transfer-syntax parameter other than * is returned so the caller can refuse what it cannot serve.
    internal static bool AcceptsDicomMultipart(string accept, out string? transferSyntax)
    {
        transferSyntax = null;
        if (string.IsNullOrWhiteSpace(accept))
            return true;
        foreach (var range in accept.Split(','))
        {
            var parts = range.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
                continue;
            string media = parts[0].ToLowerInvariant();
            if (media is "*/*" or "multipart/*")
                return true;
            if (media is not "multipart/related" and not "application/dicom")
                continue;
            string? type = null, syntax = null;
            foreach (var p in parts.Skip(1))
            {
                int eq = p.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                    continue;
                string name = p[..eq].Trim().ToLowerInvariant(), value = p[(eq + 1)..].Trim().Trim('"');
                if (name == "type") type = value;
                else if (name == "transfer-syntax") syntax = value;
            }
            if (media == "multipart/related" && type is not null && !type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
                continue;
            transferSyntax = syntax is null or "*" ? null : syntax;
            return true;
        }
        return false;
    }

    private static IResult? BadUid(string? uid) =>
        uid is null || (uid.Length is > 0 and <= 64 && uid.All(c => char.IsAsciiDigit(c) || c == '.'))
            ? null
            : Error(StatusCodes.Status400BadRequest, "A UID in the path is not a DICOM UID (digits and dots, at most 64 characters).");

    private static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);

    internal static string BaseUri(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/dicomweb";
}
