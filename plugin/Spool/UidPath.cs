// Turns untrusted identifiers into single, safe path segments.
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PacsSeg.Plugin.Spool;

public static partial class UidPath
{
    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidUid();

    /// <summary>
    /// A well-formed DICOM UID (digits and dots, at most 64 characters) is used as it is. Anything else is
    /// reduced to [A-Za-z0-9_-] and suffixed with a hash of the original, so "../x" or "a/b" can never
    /// leave the folder and two different bad UIDs never share a file.
    /// </summary>
    public static string ToSegment(string uid)
    {
        ArgumentNullException.ThrowIfNull(uid);
        if (uid.Length is > 0 and <= 64 && ValidUid().IsMatch(uid))
            return uid;
        var safe = new StringBuilder(Math.Min(uid.Length, 40) + 20);
        foreach (char c in uid)
        {
            if (safe.Length >= 40) break;
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' ? c : '_');
        }
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(uid)))[..16];
        return $"x_{safe}_{hash}";
    }
}
