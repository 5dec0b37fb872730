// Guards every admin REST path except /health/*: 401 with WWW-Authenticate when credentials are missing or wrong.
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PacsSeg.Plugin.Logging;

namespace PacsSeg.Plugin.Admin;

public sealed class AuthenticationMiddleware(RequestDelegate next, CredentialValidator credentials, ILogger<AuthenticationMiddleware> logger)
{
    public const string ActorItem = "pacsseg.actor";

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        if (!credentials.TryAuthenticate(context.Request.Headers["X-Api-Key"], context.Request.Headers.Authorization, out string actor))
        {
            AdminLog.Unauthenticated(logger, "REST", context.Request.Path.Value ?? "", context.Connection.RemoteIpAddress?.ToString() ?? "?");
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey header=\"X-Api-Key\"";
            await context.Response.WriteAsJsonAsync(new { error = "Missing or invalid credentials: send X-Api-Key or Authorization: Bearer." }, context.RequestAborted).ConfigureAwait(false);
            return;
        }
        context.Items[ActorItem] = actor;
        await next(context).ConfigureAwait(false);
    }
}
