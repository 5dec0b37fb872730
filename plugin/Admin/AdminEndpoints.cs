// The admin REST API: health, Prometheus metrics, jobs (list, detail, retry), models, study summaries, audit.
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using PacsSeg.Plugin.Export;
using PacsSeg.Plugin.Inference;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;
using PacsSeg.Plugin.Metrics;
using PacsSeg.Plugin.Models;

namespace PacsSeg.Plugin.Admin;

public static class AdminEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Json(new { status = "live" }));
        app.MapGet("/health/ready", async (ServiceHealth health, CancellationToken ct) =>
        {
            var report = await health.CheckAsync(ct).ConfigureAwait(false);
            return Results.Json(new
            {
                status = report.Ready ? "ready" : "not ready",
                database = report.DatabaseError ?? "ok",
                spool = report.SpoolNearlyFull ? "nearly full" : "ok",
                spoolFreeBytes = report.SpoolFreeBytes,
                inference = report.InferenceAvailable ? "available" : "no engine installed; jobs wait in Queued",
            }, statusCode: report.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });

        app.MapGet("/metrics", async (HttpContext context, PluginMetrics metrics, IJobStore store, CancellationToken ct) =>
        {
            var counts = await store.CountByStateAsync(ct).ConfigureAwait(false);
            using var text = new StringWriter(CultureInfo.InvariantCulture);
            metrics.Write(text, counts, counts[JobState.Queued]);
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(text.ToString(), ct).ConfigureAwait(false);
        });

        app.MapGet("/jobs", async (IJobStore store, string? state, string? study, int? limit, long? after, CancellationToken ct) =>
        {
            JobState? filter = null;
            if (state is not null)
            {
                if (!Enum.TryParse<JobState>(state, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                    return Results.BadRequest(new { error = $"Unknown state '{state}'. States: {string.Join(", ", Enum.GetNames<JobState>())}." });
                filter = parsed;
            }
            var jobs = await store.ListJobsAsync(new JobQuery(filter, study, Math.Clamp(limit ?? 100, 1, 1000), after), ct).ConfigureAwait(false);
            return Results.Json(jobs);
        });

        app.MapGet("/jobs/{id:long}", async (long id, IJobStore store, CancellationToken ct) =>
        {
            var job = await store.GetJobAsync(id, ct).ConfigureAwait(false);
            if (job is null)
                return Results.NotFound(new { error = $"Job {id} does not exist." });
            var events = await store.GetEventsAsync(id, ct).ConfigureAwait(false);
            var deliveries = await store.GetDeliveriesAsync(id, ct).ConfigureAwait(false);
            return Results.Json(new { job, events, deliveredTo = deliveries.Order(StringComparer.Ordinal) });
        });

        app.MapPost("/jobs/{id:long}/retry", async (long id, HttpContext context, IJobStore store, IAuditLog audit, InferenceQueue queue,
            ExportSignal export, TimeProvider time, ILoggerFactory loggers, CancellationToken ct) =>
        {
            string actor = context.Items[AuthenticationMiddleware.ActorItem] as string ?? "anonymous";
            var job = await store.GetJobAsync(id, ct).ConfigureAwait(false);
            if (job is null)
                return Results.NotFound(new { error = $"Job {id} does not exist." });
            JobState? to = job.State switch
            {
                JobState.Failed => JobState.Queued,
                JobState.DeadLetter => JobState.Exporting,
                _ => null,
            };
            if (to is null)
                return Results.Conflict(new { error = $"Job {id} is {job.State}; only Failed or DeadLetter jobs can be retried." });
            var changes = new JobChanges { ResetAttempts = true, ClearNextAttempt = true, Detail = $"re-queued by {actor}" };
            if (!await store.TryTransitionAsync(id, job.State, to.Value, changes, ct).ConfigureAwait(false))
                return Results.Conflict(new { error = $"Job {id} changed state meanwhile; read it again." });
            var requeued = new List<long> { id };
            if (job.State == JobState.DeadLetter)
            {
                // Export attempts belong to the study: its other dead-lettered jobs go back with this one.
                var siblings = await store.ListJobsAsync(new JobQuery(JobState.DeadLetter, job.StudyInstanceUid, 1000), ct).ConfigureAwait(false);
                foreach (var sibling in siblings)
                {
                    if (await store.TryTransitionAsync(sibling.Id, JobState.DeadLetter, JobState.Exporting, changes, ct).ConfigureAwait(false))
                        requeued.Add(sibling.Id);
                }
            }
            string what = $"{job.State} -> {to}" + (requeued.Count > 1 ? $" (study {job.StudyInstanceUid}: jobs {string.Join(',', requeued)})" : "");
            await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), actor, "retry", $"job/{id}", what), ct).ConfigureAwait(false);
            AdminLog.Audit(loggers.CreateLogger("PacsSeg.Plugin.Audit"), actor, "retry", $"job/{id}", what);
            if (to == JobState.Queued) queue.Signal.Notify();
            else export.Signal.Notify();
            return Results.Json(new { id, from = job.State.ToString(), to = to.Value.ToString(), jobs = requeued }, statusCode: StatusCodes.Status202Accepted);
        });

        app.MapGet("/studies/{uid}", async (string uid, IJobStore store, CancellationToken ct) =>
            await store.GetStudySummaryAsync(uid, ct).ConfigureAwait(false) is { } summary
                ? Results.Json(summary)
                : Results.NotFound(new { error = "Unknown study." }));

        app.MapGet("/models", async (IModelRegistry models, CancellationToken ct) => Results.Json(await models.ListAsync(ct).ConfigureAwait(false)));

        app.MapGet("/audit", async (IAuditLog audit, int? limit, CancellationToken ct) =>
            Results.Json(await audit.ListAsync(Math.Clamp(limit ?? 100, 1, 1000), ct).ConfigureAwait(false)));
    }
}
