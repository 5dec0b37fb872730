using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Export;

/// <summary>The configured destinations, built once at start-up through the factory of each kind.</summary>
public sealed class ExportTargets
{
    public ExportTargets(IOptions<PluginOptions> options, IEnumerable<IExportDestinationFactory> factories, ExportPipelineFactory pipelines)
    {
        // The last factory registered for a kind wins, so a deployment can replace a built-in one.
        var byKind = new Dictionary<string, IExportDestinationFactory>(StringComparer.OrdinalIgnoreCase);
        foreach (var factory in factories)
            byKind[factory.Kind] = factory;
        All = options.Value.Export.Destinations
            .Select(d => new ExportTarget(byKind[d.Kind].Create(d), pipelines.Create(d)))
            .ToList();
    }

    public IReadOnlyList<ExportTarget> All { get; }
}
