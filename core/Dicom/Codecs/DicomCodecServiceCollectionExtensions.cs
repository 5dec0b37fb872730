using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PacsSeg.Dicom.Codecs;

/// <summary>Registers the codec registry in a service collection.</summary>
public static class DicomCodecServiceCollectionExtensions
{
    /// <summary>Adds <see cref="DicomCodecRegistry"/> as a singleton: RLE always, GDCM's codecs when GDCM loads.</summary>
    public static IServiceCollection AddDicomCodecs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton(sp => DicomCodecRegistry.CreateDefault(sp.GetService<ILoggerFactory>()?.CreateLogger("PacsSeg.Dicom.Codecs")));
        return services;
    }
}
