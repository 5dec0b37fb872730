namespace PacsSeg.Plugin.Jobs;

/// <summary>Life of one series job. Stored by name, so the database stays readable.</summary>
public enum JobState
{
    Received,
    Assembling,
    Queued,
    Inferring,
    Exporting,
    Done,
    Failed,
    DeadLetter,
}
