// Builds the plugin's ASP.NET Core host: configuration (appsettings.json < --config file < environment
// < overrides), eager validation, Kestrel endpoints (admin HTTP/1.1, gRPC h2c), services and the pipeline.
using System.Net;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PacsSeg.Dicom.Network;
using PacsSeg.Plugin.Admin;
using PacsSeg.Plugin.DicomIngest;
using PacsSeg.Plugin.DicomWebServer;
using PacsSeg.Plugin.Assembling;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.GrpcApi;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Ingest;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Models;
using PacsSeg.Plugin.Routing;
using PacsSeg.Plugin.Spool;

namespace PacsSeg.Plugin.Hosting;

public static class PluginHost
{
    /// <summary>Builds the host; throws <see cref="OptionsValidationException"/> listing every configuration problem.</summary>
    public static WebApplication Build(PluginHostSettings settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settings.Args, ContentRootPath = AppContext.BaseDirectory });
        if (settings.ConfigFile is { } file)
        {
            if (!File.Exists(file))
                throw new OptionsValidationException(PluginOptions.SectionName, typeof(PluginOptions), [$"Configuration file '{file}' does not exist."]);
            builder.Configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            builder.Configuration.AddEnvironmentVariables();
        }
        builder.Configuration.AddInMemoryCollection(settings.Overrides);

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(settings.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.IncludeScopes = true;
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });

        var services = builder.Services;
        services.AddSingleton<IExportDestinationFactory, FolderDestinationFactory>();
        services.AddSingleton<IExportDestinationFactory, CStoreDestinationFactory>();
        services.AddSingleton<IExportDestinationFactory, StowDestinationFactory>();
        settings.ConfigureServices?.Invoke(services);

        // Validate now, before Kestrel binds anything, so a bad port or path is reported as configuration.
        var options = builder.Configuration.GetSection(PluginOptions.SectionName).Get<PluginOptions>() ?? new PluginOptions();
        var factories = services.Where(d => d.ServiceType == typeof(IExportDestinationFactory) && d.ImplementationType is not null)
            .Select(d => (IExportDestinationFactory)Activator.CreateInstance(d.ImplementationType!)!)
            .Concat(services.Where(d => d.ServiceType == typeof(IExportDestinationFactory)).Select(d => d.ImplementationInstance).OfType<IExportDestinationFactory>())
            .ToList();
        var validation = new PluginOptionsValidator(factories).Validate(null, options);
        if (validation.Failed)
            throw new OptionsValidationException(PluginOptions.SectionName, typeof(PluginOptions), validation.Failures);
        RoutingTable routing;
        try
        {
            routing = RoutingTable.FromOptions(options);
        }
        catch (RoutingConfigurationException ex)
        {
            throw new OptionsValidationException(PluginOptions.SectionName, typeof(PluginOptions), [ex.Message]);
        }
        Directory.CreateDirectory(Path.GetFullPath(options.DataDirectory));
        ApiKeyFile.EnsureExists(options);

        builder.WebHost.ConfigureKestrel(k =>
        {
            var address = IPAddress.Parse(options.Listen.Address);
            k.Listen(address, options.Listen.HttpPort, l => l.Protocols = HttpProtocols.Http1);
            k.Listen(address, options.Listen.GrpcPort, l => l.Protocols = HttpProtocols.Http2);
            k.AddServerHeader = false;
        });

        services.AddOptions<PluginOptions>().Bind(builder.Configuration.GetSection(PluginOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginOptions>, PluginOptionsValidator>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(routing);
        services.AddSingleton<PluginMetrics>();
        services.TryAddSingleton<IDiskSpaceProbe, DriveDiskSpaceProbe>();
        services.TryAddSingleton<ISpool, FileSpool>();
        services.AddSingleton<SqliteDatabase>();
        services.TryAddSingleton<IJobStore, SqliteJobStore>();
        services.TryAddSingleton<IAuditLog, SqliteAuditLog>();
        services.AddSingleton<IInstanceIngest, InstanceIngest>();
        services.TryAddSingleton<IModelRegistry, FolderModelRegistry>();
        // The segmentation engine is the default whenever a model is installed; a host that registered its
        // own engine (tests, other backends) keeps it.
        string modelsFolder = options.ResolveDataPath(options.Inference.ModelsDirectory, "models");
        if (!services.Any(d => d.ServiceType == typeof(IInferenceEngine))
            && Directory.Exists(modelsFolder) && Directory.EnumerateFiles(modelsFolder, "*" + PacsSeg.Segmentation.Packaging.ModelPackage.Extension).Any())
            services.AddSingleton<IInferenceEngine, SegmentationInferenceEngine>();
        services.AddSingleton(new InferenceQueue(options.Inference.QueueCapacity));
        services.AddSingleton<ExportSignal>();
        services.AddSingleton<ExportPipelineFactory>();
        services.AddSingleton<ExportTargets>();
        services.AddSingleton<CredentialValidator>();
        services.AddSingleton<ServiceHealth>();
        services.AddSingleton<ModelRunner>();
        services.AddSingleton<ResultIndex>();
        services.AddSingleton(new SegmentAdmission(options.Grpc.MaxConcurrentSegments));
        services.AddSingleton<IGrpcStreamingMethod, SegmentMethod>();
        services.AddSingleton<PacsSegGrpcService>();
        services.AddSingleton<GrpcDispatcher>(sp => ActivatorUtilities.CreateInstance<GrpcDispatcher>(sp,
            sp.GetRequiredService<PacsSegGrpcService>().Methods(TimeSpan.FromSeconds(options.Grpc.MaxWaitSeconds))));

        // Hosted services start in this order; StartupTasks (schema, recovery) must finish first.
        services.Insert(0, ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, StartupTasks>());
        services.AddSingleton<IOptions<DicomServerOptions>>(Options.Create(options.Dicom.Server));
        services.TryAddSingleton<DicomNetworkMetrics>();
        services.TryAddScoped<ICStoreHandler, ScpStoreHandler>();
        services.AddSingleton<DicomServer>();
        services.AddHostedService<DicomListenerService>();
        services.AddHostedService<AssemblyService>();
        services.AddHostedService<InferenceWorkerService>();
        services.AddHostedService<ExportService>();

        var app = builder.Build();
        int grpcPort = options.Listen.GrpcPort;
        app.MapWhen(context => context.Connection.LocalPort == grpcPort,
            grpc => grpc.Run(context => context.RequestServices.GetRequiredService<GrpcDispatcher>().HandleAsync(context)));
        app.UseMiddleware<AuthenticationMiddleware>();
        AdminEndpoints.Map(app);
        StowEndpoint.Map(app);
        DicomWebEndpoints.Map(app);
        return app;
    }

    /// <summary>The admin and gRPC base addresses of a host built from <paramref name="options"/>.</summary>
    public static (string Admin, string Grpc) Addresses(PluginOptions options) =>
        ($"http://{options.Listen.Address}:{options.Listen.HttpPort}", $"http://{options.Listen.Address}:{options.Listen.GrpcPort}");
}
