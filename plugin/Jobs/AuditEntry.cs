namespace PacsSeg.Plugin.Jobs;

/// <summary>One audited action: an association, an admin call.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string Target, string? Detail);
