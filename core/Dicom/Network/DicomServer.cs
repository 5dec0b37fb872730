// The DICOM SCP: accepts associations and dispatches C-ECHO and C-STORE to handlers resolved from DI,
// one DI scope per association. StartAsync/StopAsync have IHostedService's shape so the plugin can host it.
using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network.Server;

namespace PacsSeg.Dicom.Network;

public sealed class DicomServer : IAsyncDisposable
{
    private readonly DicomServerOptions _options;
    private readonly IServiceProvider _services;
    private readonly ILogger<DicomServer> _logger;
    private readonly DicomNetworkMetrics _metrics;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private CancellationTokenSource? _stopping;
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private long _nextId;
    private int _active;

    public DicomServer(IOptions<DicomServerOptions> options, IServiceProvider services, ILogger<DicomServer> logger,
        DicomNetworkMetrics metrics)
    {
        _options = options.Value;
        var check = new DicomServerOptionsValidator().Validate(null, _options);
        if (check.Failed)
            throw new OptionsValidationException(nameof(DicomServerOptions), typeof(DicomServerOptions), check.Failures);
        _services = services;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>The port actually listened on (useful with <see cref="DicomServerOptions.Port"/> = 0).</summary>
    public int LocalPort => (_listener?.LocalEndpoint as IPEndPoint)?.Port
        ?? throw new InvalidOperationException("The server is not started.");

    public DicomNetworkMetrics Metrics => _metrics;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_listener is not null)
            throw new InvalidOperationException("The server is already started.");
        cancellationToken.ThrowIfCancellationRequested();
        _stopping = new CancellationTokenSource();
        _listener = new TcpListener(IPAddress.Parse(_options.BindAddress), _options.Port);
        _listener.Start(backlog: 64);
        NetworkLog.Listening(_logger, _options.AeTitle, _listener.LocalEndpoint);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null || _stopping is null)
            return;
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        var all = _connections.Values.Append(_acceptLoop ?? Task.CompletedTask).ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host gave up waiting; connections end on their own as their sockets are closed.
        }
        _listener = null;
        _stopping.Dispose();
        _stopping = null;
        NetworkLog.Stopped(_logger);
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (stopping.IsCancellationRequested)
                    return;
                continue;
            }
            long id = Interlocked.Increment(ref _nextId);
            var task = HandleConnectionAsync(socket, id, stopping);
            _connections[id] = task;
            _ = task.ContinueWith(_ => _connections.TryRemove(id, out Task? _), TaskScheduler.Default);
        }
    }

    private async Task HandleConnectionAsync(Socket socket, long id, CancellationToken stopping)
    {
        // Yield so the accept loop goes back to accepting before this connection does any work.
        await Task.Yield();
        socket.NoDelay = true;
        var remote = socket.RemoteEndPoint as IPEndPoint;
        string associationId = $"{DateTime.UtcNow:yyyyMMddHHmmss}-{id}";
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["AssociationId"] = associationId,
            ["Remote"] = remote?.ToString(),
        });
        bool overCapacity = Interlocked.Increment(ref _active) > _options.MaxAssociations;
        _metrics.ConnectionOpened();
        NetworkLog.Connected(_logger, remote);
        Stream? stream = null;
        try
        {
            stream = new NetworkStream(socket, ownsSocket: true);
            if (_options.Certificate is { } cert)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                handshake.CancelAfter(_options.ArtimTimeout);
                try
                {
                    await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = cert }, handshake.Token)
                        .ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
                {
                    NetworkLog.TlsFailed(_logger, e, remote);
                    return;
                }
            }
            await using var diScope = _services.GetService<IServiceScopeFactory>()?.CreateAsyncScope();
            var association = new ServerAssociation(stream, remote, _options, diScope?.ServiceProvider ?? _services, _logger,
                _metrics, associationId, overCapacity);
            await association.RunAsync(stopping).ConfigureAwait(false);
        }
        finally
        {
            if (stream is not null)
                await stream.DisposeAsync().ConfigureAwait(false);
            else
                socket.Dispose();
            Interlocked.Decrement(ref _active);
            _metrics.ConnectionClosed();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None).ConfigureAwait(false);
}
