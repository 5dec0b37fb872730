namespace PacsSeg.Plugin.Export;

/// <summary>
/// Somewhere a study's results go. One <see cref="SendAsync"/> call sends the whole batch (one
/// association for C-STORE, one multipart request for STOW-RS), so retries are per study, never per file.
/// Implementations throw on failure; the export pipeline decides about retries.
/// </summary>
public interface IExportDestination
{
    string Name { get; }

    Task SendAsync(ExportBatch batch, CancellationToken cancellationToken);
}
