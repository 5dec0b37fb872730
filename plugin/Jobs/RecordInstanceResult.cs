namespace PacsSeg.Plugin.Jobs;

/// <summary>What recording an instance did: a new instance, a duplicate, or one that arrived after its series was processed.</summary>
public sealed record RecordInstanceResult(long JobId, bool IsNewInstance, bool IsNewSeries, JobState SeriesState)
{
    /// <summary>The series' inference had already started: the instance is kept but not processed again.</summary>
    public bool IsLate => IsNewInstance && SeriesState is not (JobState.Received or JobState.Assembling);
}
