namespace PacsSeg.Plugin.Configuration;

/// <summary>Credentials for the admin REST and gRPC APIs. Health endpoints are always open.</summary>
public sealed class SecurityOptions
{
    public bool RequireAuthentication { get; set; } = true;

    /// <summary>Accepted in the X-Api-Key header (REST) or x-api-key metadata (gRPC).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Accepted as "Authorization: Bearer TOKEN".</summary>
    public List<string> BearerTokens { get; set; } = [];

    /// <summary>
    /// When no key is configured, one is generated once and kept in this file (DataDirectory/api-key when
    /// empty), so `serve` is secure with its embedded defaults.
    /// </summary>
    public string ApiKeyFile { get; set; } = "";
}
