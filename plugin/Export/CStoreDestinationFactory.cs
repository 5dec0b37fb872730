using Microsoft.Extensions.Logging;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Export;

public sealed class CStoreDestinationFactory : IExportDestinationFactory
{
    private readonly ILoggerFactory? loggers;
    private readonly DicomNetworkMetrics? metrics;

    /// <summary>For start-up validation, before the container exists.</summary>
    public CStoreDestinationFactory()
    {
    }

    public CStoreDestinationFactory(ILoggerFactory loggers, DicomNetworkMetrics metrics)
    {
        this.loggers = loggers;
        this.metrics = metrics;
    }

    public string Kind => "CStore";

    public IEnumerable<string> Validate(ExportDestinationOptions options)
    {
        if (!DicomServerOptionsValidator.IsValidAeTitle(options.AeTitle))
            yield return $"CStore destinations need a valid AeTitle (1-16 characters), not '{options.AeTitle}'.";
        if (!DicomServerOptionsValidator.IsValidAeTitle(options.CallingAe))
            yield return $"CallingAe '{options.CallingAe}' is not a valid AE title.";
        if (string.IsNullOrWhiteSpace(options.Host))
            yield return "CStore destinations need a Host.";
        if (options.Port is < 1 or > 65535)
            yield return $"CStore destinations need a Port in 1..65535, not {options.Port}.";
    }

    public IExportDestination Create(ExportDestinationOptions options)
    {
        var client = new DicomClient(new DicomClientOptions
        {
            CallingAe = options.CallingAe,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(10, options.TimeoutSeconds)),
        }, loggers?.CreateLogger<DicomClient>(), metrics);
        return new CStoreDestination(options.Name, client, options.Host, options.Port, options.AeTitle);
    }
}
