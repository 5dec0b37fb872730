// DICOMweb STOW-RS (PS3.18 10.5): POST /dicomweb/studies[/{study}] with multipart/related; type="application/dicom".
// Each part is staged (fsync), parsed, committed and recorded before it is listed as stored. A nearly full
// spool answers 503 with Retry-After before the body is read; garbage bodies get a 400 with the reason.
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PacsSeg.Plugin.Admin;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.DicomIngest;

public static class StowEndpoint
{
    private const ushort OutOfResources = 0xA700;
    private const ushort CannotUnderstand = 0xC000;
    private const ushort StudyMismatch = 0xA900;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/dicomweb/studies", (HttpContext context, IInstanceIngest ingest, ISpool spool, IOptions<PluginOptions> options, ILogger<StowRequest> logger) =>
            HandleAsync(context, null, ingest, spool, options.Value, logger));
        app.MapPost("/dicomweb/studies/{study}", (string study, HttpContext context, IInstanceIngest ingest, ISpool spool, IOptions<PluginOptions> options, ILogger<StowRequest> logger) =>
            HandleAsync(context, study, ingest, spool, options.Value, logger));
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string? study, IInstanceIngest ingest, ISpool spool, PluginOptions options, ILogger logger)
    {
        var ct = context.RequestAborted;
        if (ingest.IsNearlyFull(out var retryAfter))
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { error = "Spool nearly full; retry later." }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType) ||
            !contentType.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { error = "STOW-RS needs Content-Type: multipart/related; type=\"application/dicom\"; boundary=..." }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        string? type = contentType.Parameters.FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))?.Value.Value?.Trim('"');
        if (type is not null && !type.Equals("application/dicom", StringComparison.OrdinalIgnoreCase))
            return Results.Json(new { error = $"Only application/dicom parts are accepted, not '{type}'." }, statusCode: StatusCodes.Status415UnsupportedMediaType);
        string boundary = HeaderUtilities.RemoveQuotes(contentType.Boundary).Value ?? "";
        if (boundary.Length is 0 or > 70)
            return Results.BadRequest(new { error = "The multipart boundary is missing or longer than 70 characters." });

        string source = "STOW:" + (context.Items[AuthenticationMiddleware.ActorItem] as string ?? "anonymous");
        var stored = new JsonArray();
        var failed = new JsonArray();
        bool anyFull = false;
        var reader = new MultipartReader(boundary, context.Request.Body)
        {
            HeadersLengthLimit = 16 * 1024,
            BodyLengthLimit = options.Spool.MaxInstanceBytes,
        };
        string? malformed = null;
        while (true)
        {
            MultipartSection? section;
            try
            {
                section = await reader.ReadNextSectionAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                malformed = "Malformed multipart body: " + ex.Message;
                break;
            }
            if (section is null)
                break;
            if (section.ContentType is { } partType && !partType.StartsWith("application/dicom", StringComparison.OrdinalIgnoreCase))
            {
                await section.Body.CopyToAsync(Stream.Null, ct).ConfigureAwait(false);
                failed.Add(Reference(null, null, CannotUnderstand));
                continue;
            }
            StagedInstance staged;
            try
            {
                staged = await spool.StageAsync((file, token) => section.Body.CopyToAsync(file, 81920, token), ct).ConfigureAwait(false);
            }
            catch (SpoolFullException)
            {
                anyFull = true;
                failed.Add(Reference(null, null, OutOfResources));
                break;
            }
            catch (Exception ex) when (ex is InstanceTooLargeException or InvalidDataException or IOException)
            {
                malformed = "Part rejected: " + ex.Message;
                failed.Add(Reference(null, null, CannotUnderstand));
                break;
            }
            IncomingInstance instance;
            try
            {
                instance = DicomInstanceHeader.Read(staged.TempPath, source);
            }
            catch (InvalidDataException ex)
            {
                spool.Discard(staged);
                SpoolLog.Rejected(logger, source, ex.Message);
                failed.Add(Reference(null, null, CannotUnderstand));
                continue;
            }
            if (study is not null && !string.Equals(study, instance.StudyInstanceUid, StringComparison.Ordinal))
            {
                spool.Discard(staged);
                failed.Add(Reference(instance.SopClassUid, instance.SopInstanceUid, StudyMismatch));
                continue;
            }
            var result = await ingest.AcceptStagedAsync(instance, staged, ct).ConfigureAwait(false);
            if (result.IsAcknowledged)
                stored.Add(Reference(instance.SopClassUid, instance.SopInstanceUid, null));
            else
            {
                anyFull |= result.Outcome == IngestOutcome.OutOfResources;
                failed.Add(Reference(instance.SopClassUid, instance.SopInstanceUid, result.Outcome == IngestOutcome.OutOfResources ? OutOfResources : CannotUnderstand));
            }
        }

        if (stored.Count == 0 && anyFull)
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { error = "Spool nearly full; retry later." }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        if (stored.Count == 0 && (malformed is not null || failed.Count == 0))
            return Results.BadRequest(new { error = malformed ?? "The body holds no DICOM part." });

        var response = new JsonObject();
        if (stored.Count > 0) response["00081199"] = new JsonObject { ["vr"] = "SQ", ["Value"] = stored };
        if (failed.Count > 0) response["00081198"] = new JsonObject { ["vr"] = "SQ", ["Value"] = failed };
        int status = failed.Count == 0 && malformed is null ? StatusCodes.Status200OK
            : stored.Count > 0 ? StatusCodes.Status202Accepted
            : StatusCodes.Status409Conflict;
        return Results.Text(response.ToJsonString(), "application/dicom+json", System.Text.Encoding.UTF8, status);
    }

    private static JsonObject Reference(string? sopClass, string? sopInstance, ushort? failure)
    {
        var item = new JsonObject();
        if (sopClass is not null) item["00081150"] = new JsonObject { ["vr"] = "UI", ["Value"] = new JsonArray(sopClass) };
        if (sopInstance is not null) item["00081155"] = new JsonObject { ["vr"] = "UI", ["Value"] = new JsonArray(sopInstance) };
        if (failure is { } reason) item["00081197"] = new JsonObject { ["vr"] = "US", ["Value"] = new JsonArray((int)reason) };
        return item;
    }
}
