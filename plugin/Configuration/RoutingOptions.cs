namespace PacsSeg.Plugin.Configuration;

public sealed class RoutingOptions
{
    /// <summary>Optional JSON file with an array of rules; read at start-up and appended after <see cref="Rules"/>.</summary>
    public string RulesFile { get; set; } = "";

    public List<RoutingRuleOptions> Rules { get; set; } = [];
}
