// Decides which model runs on a series. Derived objects (SEG, SR, presentation states, parametric maps,
// RT structures) and our own outputs are never processed, whatever the rules say: running a model on its
// own output would loop forever once the PACS routes results back.
using System.Text.Json;
using System.Text.RegularExpressions;
using PacsSeg.Plugin.Configuration;
using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Routing;

public sealed class RoutingTable
{
    private static readonly string[] NeverProcessedSopClassPrefixes =
    [
        "1.2.840.10008.5.1.4.1.1.66",   // Raw Data, Spatial Registration, Fiducials, Segmentation, Surface Segmentation
        "1.2.840.10008.5.1.4.1.1.88.",  // Structured reports, Key Object Selection
        "1.2.840.10008.5.1.4.1.1.11.",  // Presentation states
        "1.2.840.10008.5.1.4.1.1.30",   // Parametric Map
        "1.2.840.10008.5.1.4.1.1.481.", // RT objects
        "1.2.840.10008.5.1.4.1.1.104.", // Encapsulated documents
    ];

    private static readonly HashSet<string> NeverProcessedModalities = new(StringComparer.OrdinalIgnoreCase)
    {
        "SEG", "SR", "PR", "KO", "RTSTRUCT", "RTPLAN", "RTDOSE", "DOC", "REG",
    };

    private readonly IReadOnlyList<(RoutingRuleOptions Rule, Regex? Description)> rules;
    private readonly string outputManufacturer;

    public RoutingTable(IEnumerable<RoutingRuleOptions> rules, string outputManufacturer)
    {
        this.rules = rules.Select(r => (r, r.SeriesDescriptionPattern is null ? null
            : new Regex(r.SeriesDescriptionPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))).ToList();
        this.outputManufacturer = outputManufacturer;
    }

    public int Count => rules.Count;

    /// <summary>Rules from the configuration, then those of the rules file.</summary>
    public static RoutingTable FromOptions(PluginOptions options) =>
        new(options.Routing.Rules.Concat(LoadRulesFile(options.Routing.RulesFile)), options.OutputManufacturer);

    /// <summary>Reads a JSON array of rules; a malformed file is a configuration error with the reason.</summary>
    public static IReadOnlyList<RoutingRuleOptions> LoadRulesFile(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
            return [];
        List<RoutingRuleOptions>? loaded;
        try
        {
            loaded = JsonSerializer.Deserialize<List<RoutingRuleOptions>>(File.ReadAllText(path), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new RoutingConfigurationException($"Routing rules file '{path}' cannot be read: {ex.Message}", ex);
        }
        if (loaded is null)
            throw new RoutingConfigurationException($"Routing rules file '{path}' must hold a JSON array of rules.");
        var errors = new List<string>();
        for (int i = 0; i < loaded.Count; i++)
            PluginOptionsValidator.ValidateRule(loaded[i], $"{path}[{i}]", errors);
        if (errors.Count > 0)
            throw new RoutingConfigurationException(string.Join(" ", errors));
        return loaded;
    }

    public RoutingDecision Route(JobRecord series)
    {
        if (!string.IsNullOrEmpty(series.Manufacturer) && string.Equals(series.Manufacturer.Trim(), outputManufacturer, StringComparison.OrdinalIgnoreCase))
            return new RoutingDecision(null, null, "one of our own results");
        if (series.SopClassUid is { } sopClass && NeverProcessedSopClassPrefixes.Any(p => sopClass.StartsWith(p, StringComparison.Ordinal)))
            return new RoutingDecision(null, null, $"derived object (SOP class {sopClass}) is never processed");
        if (series.Modality is { } modality && NeverProcessedModalities.Contains(modality.Trim()))
            return new RoutingDecision(null, null, $"derived object (modality {modality}) is never processed");

        foreach (var (rule, description) in rules)
        {
            if (rule.Modality is not null && !Same(rule.Modality, series.Modality)) continue;
            if (rule.BodyPart is not null && !Same(rule.BodyPart, series.BodyPart)) continue;
            if (rule.SopClassUid is not null && !string.Equals(rule.SopClassUid, series.SopClassUid?.Trim(), StringComparison.Ordinal)) continue;
            if (description is not null && !description.IsMatch(series.SeriesDescription ?? "")) continue;
            return new RoutingDecision(rule.Model, string.IsNullOrEmpty(rule.Name) ? rule.Model : rule.Name, "matched");
        }
        return new RoutingDecision(null, null, "no routing rule matches");
    }

    private static bool Same(string expected, string? actual) =>
        string.Equals(expected.Trim(), actual?.Trim(), StringComparison.OrdinalIgnoreCase);
}
