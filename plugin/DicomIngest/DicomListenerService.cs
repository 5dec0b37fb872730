// Hosts the DICOM C-STORE SCP (PacsSeg.Dicom.Network.DicomServer) as one of the plugin's hosted services.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.DicomIngest;

public sealed class DicomListenerService(DicomServer server, IOptions<PluginOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.Dicom.Enabled ? server.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        options.Value.Dicom.Enabled ? server.StopAsync(cancellationToken) : Task.CompletedTask;
}
