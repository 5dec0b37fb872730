using Microsoft.Extensions.Options;

namespace PacsSeg.Dicom.Network;

/// <summary>Rejects a server configuration that could not work, at start-up, with a message that names the setting.</summary>
public sealed class DicomServerOptionsValidator : IValidateOptions<DicomServerOptions>
{
    public ValidateOptionsResult Validate(string? name, DicomServerOptions o)
    {
        var errors = new List<string>();
        if (!IsValidAeTitle(o.AeTitle))
            errors.Add($"AeTitle '{o.AeTitle}' must be 1-16 printable ASCII characters without backslash.");
        if (o.Port is < 0 or > 65535)
            errors.Add($"Port {o.Port} is out of range.");
        if (!System.Net.IPAddress.TryParse(o.BindAddress, out _))
            errors.Add($"BindAddress '{o.BindAddress}' is not an IP address.");
        if (o.MaxAssociations < 1)
            errors.Add("MaxAssociations must be at least 1.");
        if (o.ArtimTimeout <= TimeSpan.Zero || o.IdleTimeout <= TimeSpan.Zero)
            errors.Add("ArtimTimeout and IdleTimeout must be positive.");
        if (o.MaxPduLength < 4096 || o.MaxPduLength > 16 * 1024 * 1024)
            errors.Add("MaxPduLength must be between 4096 and 16 MiB.");
        if (o.MaxSendPduLength < 4096 || o.MaxSendPduLength > 16 * 1024 * 1024)
            errors.Add("MaxSendPduLength must be between 4096 and 16 MiB.");
        foreach (var rule in o.AllowedCallers)
        {
            if (!IsValidAeTitle(rule.AeTitle))
                errors.Add($"AllowedCallers AE title '{rule.AeTitle}' is not a valid AE title.");
        }
        if (o.Certificate is { HasPrivateKey: false })
            errors.Add("The TLS certificate has no private key.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool IsValidAeTitle(string? ae) =>
        !string.IsNullOrWhiteSpace(ae) && ae.Length <= 16 && ae.All(c => c >= 0x20 && c < 0x7F && c != '\\');
}
