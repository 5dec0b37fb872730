// Log messages of the host and its configuration: EventIds 1000-1099.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class HostLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "PacsSeg plugin started: admin REST on {AdminUrl}, gRPC (h2c) on {GrpcUrl}, data in {DataDirectory}")]
    public static partial void Started(ILogger logger, string adminUrl, string grpcUrl, string dataDirectory);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Generated a new API key in {ApiKeyFile}; give it to the admin clients")]
    public static partial void ApiKeyGenerated(ILogger logger, string apiKeyFile);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Authentication is OFF for the admin REST and gRPC APIs (Security:RequireAuthentication=false)")]
    public static partial void AuthenticationDisabled(ILogger logger);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Recovered {Count} interrupted job(s) after restart")]
    public static partial void Recovered(ILogger logger, int count);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "No inference engine is installed: series are routed and queued, and wait until one is")]
    public static partial void NoInferenceEngine(ILogger logger);
}
