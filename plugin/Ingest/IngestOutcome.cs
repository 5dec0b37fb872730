namespace PacsSeg.Plugin.Ingest;

public enum IngestOutcome
{
    /// <summary>On disk and recorded: acknowledge (C-STORE 0000, STOW 200).</summary>
    Stored,

    /// <summary>Already had it: acknowledge again, nothing changes.</summary>
    Duplicate,

    /// <summary>Transient: spool below its reserve (C-STORE A700, STOW 503 + Retry-After).</summary>
    OutOfResources,

    /// <summary>The instance itself is unacceptable (missing or oversized identifiers, too large).</summary>
    Rejected,
}
