// Log messages of the admin REST API and authentication: EventIds 1500-1599.
using Microsoft.Extensions.Logging;

namespace PacsSeg.Plugin.Logging;

internal static partial class AdminLog
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Unauthenticated {Protocol} request to {Path} from {Remote}")]
    public static partial void Unauthenticated(ILogger logger, string protocol, string path, string remote);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Admin {Actor}: {Action} {Target} {Detail}")]
    public static partial void Audit(ILogger logger, string actor, string action, string target, string detail);
}
