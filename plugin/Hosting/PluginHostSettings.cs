using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace PacsSeg.Plugin.Hosting;

/// <summary>How to build the host: configuration sources beyond appsettings.json and the environment, and extra services.</summary>
public sealed record PluginHostSettings
{
    public string[] Args { get; init; } = [];

    /// <summary>An extra JSON configuration file (the `--config` option), above appsettings.json, below the environment.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Highest-precedence settings ("PacsSeg:Listen:HttpPort" = "8090"), e.g. from command-line options.</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    /// <summary>Registers more services: the SCP, STOW, an inference engine, export destination factories.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;
}
