// `PacsSeg.Plugin serve`: runs the service with the embedded defaults (appsettings.json beside the program,
// the bundled demo model), an optional --config file, environment overrides (PacsSeg__Listen__HttpPort=...)
// and the options below.
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Admin;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Hosting;
using Spectre.Console;

namespace PacsSeg.Plugin.Commands;

internal static class ServeCommand
{
    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = "Extra JSON configuration file (section \"PacsSeg\")." };
        var data = new Option<string?>("--data") { Description = "Data folder: spool, job database, results, API key (default ./data)." };
        var address = new Option<string?>("--address") { Description = "IP address to listen on (default 127.0.0.1)." };
        var httpPort = new Option<int?>("--http-port") { Description = "Admin REST / health / metrics port (default 8090)." };
        var grpcPort = new Option<int?>("--grpc-port") { Description = "gRPC (h2c) port (default 50051)." };
        var dicomPort = new Option<int?>("--dicom-port") { Description = "DICOM C-STORE SCP port (default 11112)." };
        var verbose = new Option<bool>("--verbose") { Description = "Debug logging." };
        var command = new Command("serve", "Run the PACS plugin service (admin REST, gRPC, job processing).")
        {
            config, data, address, httpPort, grpcPort, dicomPort, verbose,
        };
        command.SetAction((parse, ct) =>
        {
            var overrides = new Dictionary<string, string?>();
            if (parse.GetValue(data) is { } d) overrides["PacsSeg:DataDirectory"] = d;
            if (parse.GetValue(address) is { } a) overrides["PacsSeg:Listen:Address"] = a;
            if (parse.GetValue(httpPort) is { } hp) overrides["PacsSeg:Listen:HttpPort"] = hp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (parse.GetValue(dicomPort) is { } dp) overrides["PacsSeg:Dicom:Server:Port"] = dp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (parse.GetValue(grpcPort) is { } gp) overrides["PacsSeg:Listen:GrpcPort"] = gp.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return RunAsync(new PluginHostSettings
            {
                ConfigFile = parse.GetValue(config)?.FullName,
                Overrides = overrides,
                MinimumLogLevel = parse.GetValue(verbose) ? Microsoft.Extensions.Logging.LogLevel.Debug : Microsoft.Extensions.Logging.LogLevel.Information,
            }, ct);
        });
        return command;
    }

    /// <summary>Copies the bundled demo model into an empty models folder; returns the copied file, or null when nothing was copied.</summary>
    private static string? InstallBundledModel(PluginOptions options)
    {
        string models = options.ResolveDataPath(options.Inference.ModelsDirectory, "models");
        if (Directory.Exists(models) && Directory.EnumerateFiles(models, "*.pacsseg").Any())
            return null;
        string bundled = PacsSeg.Plugin.Demo.DemoTools.BundledModelsFolder();
        var source = Directory.Exists(bundled) ? Directory.GetFiles(bundled, "*.pacsseg").Order(StringComparer.Ordinal).FirstOrDefault() : null;
        if (source is null)
            return null;
        Directory.CreateDirectory(models);
        string target = Path.Combine(models, Path.GetFileName(source));
        string temp = target + ".tmp";
        File.Copy(source, temp, overwrite: true);
        File.Move(temp, target, overwrite: false);
        return target;
    }

    private static async Task<int> RunAsync(PluginHostSettings settings, CancellationToken cancellationToken)
    {
        Microsoft.AspNetCore.Builder.WebApplication app;
        string? installed;
        try
        {
            app = PluginHost.Build(settings);
            // The embedded default model: with an empty models folder the service would accept studies and
            // never segment them, so the bundled demo model is installed there first (the host is then
            // built again, because it chooses its inference engine from the folder's content).
            installed = InstallBundledModel(app.Services.GetRequiredService<IOptions<PluginOptions>>().Value);
            if (installed is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                app = PluginHost.Build(settings);
            }
        }
        catch (OptionsValidationException ex)
        {
            Console.Error.WriteLine("PacsSeg.Plugin: the configuration is not valid:");
            foreach (var failure in ex.Failures)
                Console.Error.WriteLine("  - " + failure);
            return 2;
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"PacsSeg.Plugin: cannot install the demo model: {ex.Message}");
            return 1;
        }
        await using (app)
        {
            var options = app.Services.GetRequiredService<IOptions<PluginOptions>>().Value;
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException ex)
            {
                Console.Error.WriteLine("PacsSeg.Plugin: the configuration is not valid:");
                foreach (var failure in ex.Failures)
                    Console.Error.WriteLine("  - " + failure);
                return 2;
            }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"PacsSeg.Plugin: cannot start: {ex.Message}");
                return 1;
            }
            var (admin, grpc) = PluginHost.Addresses(options);
            var table = new Table().Border(TableBorder.Rounded).AddColumn("PacsSeg plugin").AddColumn("");
            table.AddRow("Admin REST", Markup.Escape(admin) + "  (/health/live, /health/ready, /metrics, /jobs, /models)");
            table.AddRow("gRPC (h2c)", Markup.Escape(grpc) + "  (pacsseg.v1.PacsSeg)");
            table.AddRow("DICOM C-STORE SCP", options.Dicom.Enabled
                ? Markup.Escape($"{options.Dicom.Server.AeTitle}@{options.Dicom.Server.BindAddress}:{options.Dicom.Server.Port}")
                : "disabled");
            table.AddRow("STOW-RS", Markup.Escape(admin + "/dicomweb/studies"));
            table.AddRow("Data", Markup.Escape(Path.GetFullPath(options.DataDirectory)));
            string models = options.ResolveDataPath(options.Inference.ModelsDirectory, "models");
            var packages = Directory.Exists(models) ? Directory.GetFiles(models, "*.pacsseg").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList() : [];
            table.AddRow("Models", Markup.Escape(packages.Count == 0 ? $"none in {models}: studies wait in Queued" : $"{string.Join(", ", packages)} in {models}")
                + (installed is not null ? " [green](demo model installed)[/]" : ""));
            table.AddRow("Credentials", options.Security.RequireAuthentication
                ? (options.Security.ApiKeys.Count + options.Security.BearerTokens.Count > 0
                    ? "configured API keys / bearer tokens"
                    : "API key in " + Markup.Escape(ApiKeyFile.PathFor(options)) + " (X-Api-Key or Authorization: Bearer)")
                : "[yellow]authentication OFF[/]");
            table.AddRow("Stop", "Ctrl+C");
            AnsiConsole.Write(table);
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        return 0;
    }
}
