namespace PacsSeg.Plugin.Ingest;

/// <summary>
/// The one entry point of every listener (C-STORE SCP, STOW-RS): spool durably, record in the job store,
/// then answer. A listener acknowledges an instance only when <see cref="IngestResult.IsAcknowledged"/>.
/// </summary>
public interface IInstanceIngest
{
    /// <summary>Cheap pre-check (e.g. before reading a large body): is the spool below its reserve?</summary>
    bool IsNearlyFull(out TimeSpan retryAfter);

    Task<IngestResult> AcceptAsync(IncomingInstance instance, Stream content, CancellationToken cancellationToken);

    /// <summary>For listeners that stage first and parse after (C-STORE): commits or discards the staged file and records it.</summary>
    Task<IngestResult> AcceptStagedAsync(IncomingInstance instance, PacsSeg.Plugin.Spool.StagedInstance staged, CancellationToken cancellationToken);
}
