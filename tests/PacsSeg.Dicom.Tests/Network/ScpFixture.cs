// Starts our DicomServer on a free loopback port for one test and stops it after.
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network;

namespace PacsSeg.Dicom.Tests.Network;

internal sealed class ScpFixture : IAsyncDisposable
{
    private ScpFixture(DicomServer server, DicomNetworkMetrics metrics, TestServices services, string folder, FolderStoreHandler store)
    {
        Server = server;
        Metrics = metrics;
        Services = services;
        Folder = folder;
        Store = store;
    }

    public DicomServer Server { get; }
    public DicomNetworkMetrics Metrics { get; }
    public TestServices Services { get; }
    public string Folder { get; }
    public FolderStoreHandler Store { get; }
    public int Port => Server.LocalPort;
    public const string AeTitle = "SEGPLUGIN";

    public static async Task<ScpFixture> StartAsync(Action<DicomServerOptions>? configure = null, bool storesAsReceived = true)
    {
        var options = new DicomServerOptions { AeTitle = AeTitle, BindAddress = "127.0.0.1", Port = 0 };
        configure?.Invoke(options);
        string folder = Path.Combine(Path.GetTempPath(), "pacsseg-scp-" + Guid.NewGuid().ToString("N"));
        var store = new FolderStoreHandler(folder, storesAsReceived);
        var services = new TestServices { Store = store };
        var metrics = new DicomNetworkMetrics();
        var server = new DicomServer(Options.Create(options), services, NullLogger<DicomServer>.Instance, metrics);
        await server.StartAsync(CancellationToken.None);
        return new ScpFixture(server, metrics, services, folder, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        Metrics.Dispose();
        try
        {
            Directory.Delete(Folder, true);
        }
        catch (IOException)
        {
            // A file still open by a failing test: the temp folder is cleaned by the OS later.
        }
    }
}
