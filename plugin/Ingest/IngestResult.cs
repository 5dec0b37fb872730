namespace PacsSeg.Plugin.Ingest;

public sealed record IngestResult(IngestOutcome Outcome, long? JobId, string Message, TimeSpan? RetryAfter = null)
{
    public bool IsAcknowledged => Outcome is IngestOutcome.Stored or IngestOutcome.Duplicate;
}
