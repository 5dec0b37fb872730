// The server half of gRPC over Kestrel HTTP/2: checks content type and credentials, applies grpc-timeout,
// runs a unary method (exactly one framed request) or a streaming one, and ends with grpc-status / grpc-message trailers.
using System.Diagnostics;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Admin;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Metrics;

namespace PacsSeg.Plugin.GrpcApi;

public sealed class GrpcDispatcher(IEnumerable<IGrpcMethod> methods, IEnumerable<IGrpcStreamingMethod> streamingMethods, CredentialValidator credentials,
    PluginMetrics metrics, IOptions<PluginOptions> options, TimeProvider time, ILogger<GrpcDispatcher> logger)
{
    private readonly Dictionary<string, IGrpcMethod> byPath = methods.ToDictionary(m => m.Path, StringComparer.Ordinal);
    private readonly Dictionary<string, IGrpcStreamingMethod> streamingByPath = streamingMethods.ToDictionary(m => m.Path, StringComparer.Ordinal);
    private readonly int maxMessageBytes = options.Value.Grpc.MaxReceiveMessageBytes;

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsPost(request.Method) || request.ContentType is not { } type || !type.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase))
        {
            response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null; // our own per-message limit applies instead, checked per frame
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";

        string method = request.Path.Value ?? "";
        var stopwatch = Stopwatch.StartNew();
        GrpcStatusCode status = GrpcStatusCode.Ok;
        string message = "";
        using var deadlineCts = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            var timeout = GrpcFraming.ParseTimeout(request.Headers["grpc-timeout"]);
            DateTimeOffset? deadline = null;
            if (timeout is { } t)
            {
                deadline = time.GetUtcNow() + t;
                deadlineCts.CancelAfter(t);
            }
            if (!credentials.TryAuthenticate(request.Headers["x-api-key"], request.Headers.Authorization, out string actor))
            {
                AdminLog.Unauthenticated(logger, "gRPC", method, context.Connection.RemoteIpAddress?.ToString() ?? "?");
                throw new GrpcException(GrpcStatusCode.Unauthenticated, "Missing or invalid credentials (x-api-key or authorization: Bearer).");
            }
            if (request.Headers["grpc-encoding"].ToString() is { Length: > 0 } encoding && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                response.Headers["grpc-accept-encoding"] = "identity";
                throw new GrpcException(GrpcStatusCode.Unimplemented, $"grpc-encoding '{encoding}' is not supported; send uncompressed messages (identity).");
            }
            var token = deadlineCts.Token;
            if (streamingByPath.TryGetValue(method, out var streaming))
            {
                using var writer = new GrpcMessageWriter(response.BodyWriter);
                await streaming.InvokeAsync(new GrpcMessageReader(request.BodyReader, maxMessageBytes), writer,
                    new GrpcCallContext(context, actor, deadline, token)).ConfigureAwait(false);
            }
            else
            {
                if (!byPath.TryGetValue(method, out var handler))
                    throw new GrpcException(GrpcStatusCode.Unimplemented, $"Method {method} is not implemented.");
                await RunUnaryAsync(handler, context, actor, deadline, token).ConfigureAwait(false);
            }
        }
        catch (GrpcException ex)
        {
            (status, message) = (ex.Status, ex.Message);
            GrpcLog.CallRejected(logger, method, status.ToString(), message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client cancelled (RST_STREAM): nobody is left to read a status.
            metrics.GrpcCall(method, StatusName(GrpcStatusCode.Cancelled));
            GrpcLog.CallFinished(logger, method, "CANCELLED", stopwatch.Elapsed.TotalMilliseconds);
            return;
        }
        catch (OperationCanceledException) when (deadlineCts.IsCancellationRequested)
        {
            (status, message) = (GrpcStatusCode.DeadlineExceeded, "Deadline exceeded.");
        }
        catch (Exception ex)
        {
            // The full exception goes to the log only: a stack trace never reaches the client.
            GrpcLog.CallFailed(logger, method, ex);
            (status, message) = (GrpcStatusCode.Internal, "Internal error; see the service log.");
        }

        metrics.GrpcCall(method, StatusName(status));
        GrpcLog.CallFinished(logger, method, StatusName(status), stopwatch.Elapsed.TotalMilliseconds);
        response.AppendTrailer("grpc-status", ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (message.Length > 0)
            response.AppendTrailer("grpc-message", GrpcFraming.EncodeMessage(message));
    }

    private async Task RunUnaryAsync(IGrpcMethod handler, HttpContext context, string actor, DateTimeOffset? deadline, CancellationToken token)
    {
        byte[] payload = await GrpcFraming.ReadMessageAsync(context.Request.BodyReader, maxMessageBytes, token).ConfigureAwait(false)
            ?? throw new GrpcException(GrpcStatusCode.InvalidArgument, "The request carries no message.");
        if (await GrpcFraming.ReadMessageAsync(context.Request.BodyReader, maxMessageBytes, token).ConfigureAwait(false) is not null)
            throw new GrpcException(GrpcStatusCode.InvalidArgument, "A unary call takes exactly one request message.");
        IMessage reply = await handler.InvokeAsync(payload, new GrpcCallContext(context, actor, deadline, token)).ConfigureAwait(false);
        await GrpcFraming.WriteMessageAsync(context.Response.BodyWriter, reply, token).ConfigureAwait(false);
    }

    private static string StatusName(GrpcStatusCode status) => status switch
    {
        GrpcStatusCode.Ok => "OK",
        GrpcStatusCode.InvalidArgument => "INVALID_ARGUMENT",
        GrpcStatusCode.DeadlineExceeded => "DEADLINE_EXCEEDED",
        GrpcStatusCode.NotFound => "NOT_FOUND",
        GrpcStatusCode.FailedPrecondition => "FAILED_PRECONDITION",
        GrpcStatusCode.ResourceExhausted => "RESOURCE_EXHAUSTED",
        GrpcStatusCode.Unimplemented => "UNIMPLEMENTED",
        GrpcStatusCode.Unavailable => "UNAVAILABLE",
        GrpcStatusCode.Unauthenticated => "UNAUTHENTICATED",
        GrpcStatusCode.Cancelled => "CANCELLED",
        _ => status.ToString().ToUpperInvariant(),
    };
}
