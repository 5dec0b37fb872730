using Microsoft.Extensions.Logging;
using PacsSeg.Plugin.Jobs;

namespace PacsSeg.Plugin.Logging;

/// <summary>The correlation scope of one job: every log line inside carries the job id and its correlation id.</summary>
internal static class JobScope
{
    public static IDisposable? Begin(ILogger logger, JobRecord job) => logger.BeginScope(new Dictionary<string, object>
    {
        ["JobId"] = job.Id,
        ["CorrelationId"] = job.CorrelationId,
        ["SeriesInstanceUid"] = job.SeriesInstanceUid,
    });

    /// <summary>The scope of one study's export: its jobs and their correlation ids.</summary>
    public static IDisposable? BeginStudy(ILogger logger, string studyInstanceUid, IReadOnlyList<JobRecord> jobs) => logger.BeginScope(new Dictionary<string, object>
    {
        ["StudyInstanceUid"] = studyInstanceUid,
        ["JobIds"] = Ids(jobs),
        ["CorrelationIds"] = string.Join(',', jobs.Select(j => j.CorrelationId)),
    });

    /// <summary>Job ids as "1,2,3" for logs.</summary>
    public static string Ids(IEnumerable<JobRecord> jobs) =>
        string.Join(',', jobs.Select(j => j.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
