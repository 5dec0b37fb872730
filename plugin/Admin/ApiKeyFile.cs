// The generated API key of a default installation: created once, readable by the service user only.
using System.Security.Cryptography;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Admin;

public static class ApiKeyFile
{
    public static string PathFor(PluginOptions options) => options.ResolveDataPath(options.Security.ApiKeyFile, "api-key");

    /// <summary>Creates the key file when authentication is on and no credential is configured; true when it did.</summary>
    public static bool EnsureExists(PluginOptions options)
    {
        var security = options.Security;
        if (!security.RequireAuthentication || security.ApiKeys.Count > 0 || security.BearerTokens.Count > 0)
            return false;
        string path = PathFor(options);
        if (File.Exists(path))
            return false;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        string key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(path, System.Text.Encoding.ASCII, streamOptions))
            writer.Write(key + "\n");
        return true;
    }
}
