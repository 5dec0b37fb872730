using PacsSeg.Tests.Shared;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using PacsSeg.Plugin.Hosting;

namespace PacsSeg.Plugin.Tests.Support;

/// <summary>The real plugin host on free loopback ports with a temp data folder and a known API key.</summary>
internal sealed class RunningPlugin : IAsyncDisposable
{
    public const string ApiKey = "test-key-0123456789abcdef";

    private RunningPlugin(WebApplication app, int httpPort, int grpcPort)
    {
        App = app;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        Anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Admin.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public WebApplication App { get; }
    public int HttpPort { get; }
    public int GrpcPort { get; }
    public HttpClient Anonymous { get; }
    public HttpClient Admin { get; }
    public IServiceProvider Services => App.Services;

    public static Dictionary<string, string?> DefaultSettings(string dataDirectory, int httpPort, int grpcPort) => new()
    {
        ["PacsSeg:DataDirectory"] = dataDirectory,
        ["PacsSeg:Listen:HttpPort"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PacsSeg:Listen:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PacsSeg:Security:ApiKeys:0"] = ApiKey,
        ["PacsSeg:Dicom:Server:Port"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["PacsSeg:Spool:MinFreeBytes"] = "0",
        ["PacsSeg:Assembly:QuietPeriodSeconds"] = "0.2",
        ["PacsSeg:Assembly:PollIntervalMilliseconds"] = "50",
        ["PacsSeg:Export:PollIntervalMilliseconds"] = "50",
        ["PacsSeg:Routing:Rules:0:Name"] = "CT",
        ["PacsSeg:Routing:Rules:0:Modality"] = "CT",
        ["PacsSeg:Routing:Rules:0:Model"] = "phantom",
    };

    public static async Task<RunningPlugin> StartAsync(string dataDirectory, IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        int httpPort = FreePort.Next();
        int grpcPort = FreePort.Next();
        var settings = DefaultSettings(dataDirectory, httpPort, grpcPort);
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>())
            settings[k] = v;
        var app = PluginHost.Build(new PluginHostSettings { Overrides = settings, ConfigureServices = services, MinimumLogLevel = Microsoft.Extensions.Logging.LogLevel.Warning });
        await app.StartAsync();
        return new RunningPlugin(app, httpPort, grpcPort);
    }

    public async ValueTask DisposeAsync()
    {
        Anonymous.Dispose();
        Admin.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
