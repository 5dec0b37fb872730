namespace PacsSeg.Plugin.Configuration;

/// <summary>One routing rule: every criterion that is set must match; the first matching rule picks the model.</summary>
public sealed class RoutingRuleOptions
{
    public string Name { get; set; } = "";
    public string? Modality { get; set; }
    public string? BodyPart { get; set; }
    public string? SopClassUid { get; set; }

    /// <summary>.NET regular expression, case-insensitive, matched against Series Description.</summary>
    public string? SeriesDescriptionPattern { get; set; }

    public string Model { get; set; } = "";
}
