namespace PacsSeg.Plugin.Routing;

/// <summary>The model to run, or why nothing runs.</summary>
public sealed record RoutingDecision(string? Model, string? Rule, string Reason)
{
    public bool IsRouted => Model is not null;
}
