namespace PacsSeg.Plugin.Jobs;

/// <summary>Append-only record of associations and admin actions (who, what, on what).</summary>
public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> ListAsync(int limit, CancellationToken cancellationToken);
}
