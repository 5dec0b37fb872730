// Checks API keys and bearer tokens for the admin REST and gRPC APIs. Comparisons are on SHA-256 digests
// in fixed time, and the actor recorded in logs and the audit is a digest prefix, never the secret.
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Admin;

public sealed class CredentialValidator
{
    private readonly List<byte[]> apiKeys;
    private readonly List<byte[]> bearerTokens;

    public CredentialValidator(IOptions<PluginOptions> options)
    {
        var security = options.Value.Security;
        RequireAuthentication = security.RequireAuthentication;
        apiKeys = security.ApiKeys.Select(Digest).ToList();
        bearerTokens = security.BearerTokens.Select(Digest).ToList();
        if (RequireAuthentication && apiKeys.Count == 0 && bearerTokens.Count == 0)
        {
            var file = ApiKeyFile.PathFor(options.Value);
            if (File.Exists(file))
                apiKeys.Add(Digest(File.ReadAllText(file).Trim()));
        }
    }

    public bool RequireAuthentication { get; }

    /// <summary>Accepts "X-Api-Key: KEY" or "Authorization: Bearer TOKEN" (an API key is accepted as a bearer token too).</summary>
    public bool TryAuthenticate(string? apiKeyHeader, string? authorizationHeader, out string actor)
    {
        if (!RequireAuthentication)
        {
            actor = "anonymous";
            return true;
        }
        if (!string.IsNullOrEmpty(apiKeyHeader) && Matches(apiKeys, apiKeyHeader, out actor, "key"))
            return true;
        const string bearer = "Bearer ";
        if (authorizationHeader is { } auth && auth.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            string token = auth[bearer.Length..].Trim();
            if (Matches(bearerTokens, token, out actor, "token") || Matches(apiKeys, token, out actor, "key"))
                return true;
        }
        actor = "";
        return false;
    }

    private static bool Matches(List<byte[]> known, string candidate, out string actor, string kind)
    {
        var digest = Digest(candidate);
        bool found = false;
        foreach (var k in known)
            found |= CryptographicOperations.FixedTimeEquals(k, digest);
        actor = found ? $"{kind}:{Convert.ToHexStringLower(digest)[..8]}" : "";
        return found;
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
