// DI registration of the DICOM network layer for the plugin's host.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PacsSeg.Dicom.Network;

public static class DicomNetworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="DicomServer"/> (singleton; host it by calling StartAsync/StopAsync), its options with
    /// validation at start-up, and <see cref="DicomNetworkMetrics"/>. Register an <see cref="ICStoreHandler"/> (and
    /// optionally an <see cref="ICEchoHandler"/> and the data model's DicomCodecRegistry) yourself; handlers are
    /// resolved in one DI scope per association.
    /// </summary>
    public static IServiceCollection AddDicomServer(this IServiceCollection services, Action<DicomServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<DicomServerOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomServerOptions>, DicomServerOptionsValidator>());
        services.TryAddSingleton<DicomNetworkMetrics>();
        services.TryAddSingleton<DicomServer>();
        return services;
    }
}
