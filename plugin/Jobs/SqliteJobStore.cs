// Single-node job store on SQLite (WAL, synchronous=FULL: a commit is on disk when it returns).
// Write paths run in BEGIN IMMEDIATE transactions, so concurrent workers serialize on the write lock
// instead of failing on upgrade; the claim is a select + compare-and-set inside that lock.
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PacsSeg.Plugin.Ingest;

namespace PacsSeg.Plugin.Jobs;

public sealed class SqliteJobStore(SqliteDatabase database, TimeProvider time) : IJobStore
{
    private const string JobColumns = """
        id, correlation_id, study_uid, series_uid, source_ae, state, modality, body_part, sop_class_uid,
        series_description, manufacturer, model, detail, instance_count, inference_attempts, export_attempts,
        created_at, updated_at, last_instance_at, next_attempt_at, results_json, summary_json
        """;

    public Task InitializeAsync(CancellationToken cancellationToken) => database.InitializeAsync(cancellationToken);

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM jobs WHERE 0";
        await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<RecordInstanceResult> RecordInstanceAsync(IncomingInstance instance, string spoolPath, long length, CancellationToken cancellationToken)
    {
        long now = Now();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();

        await using (var study = Command(connection, tx,
            "INSERT OR IGNORE INTO studies(study_uid, source_ae, first_received_at) VALUES ($study, $ae, $now)"))
        {
            study.Parameters.AddWithValue("$study", instance.StudyInstanceUid);
            study.Parameters.AddWithValue("$ae", instance.SourceAe);
            study.Parameters.AddWithValue("$now", now);
            await study.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        bool newSeries;
        await using (var series = Command(connection, tx, """
            INSERT OR IGNORE INTO jobs(correlation_id, study_uid, series_uid, source_ae, state, modality, body_part,
                sop_class_uid, series_description, manufacturer, created_at, updated_at, last_instance_at)
            VALUES ($cid, $study, $series, $ae, 'Received', $modality, $body, $sopClass, $desc, $manufacturer, $now, $now, $now)
            """))
        {
            series.Parameters.AddWithValue("$cid", Guid.NewGuid().ToString("N"));
            series.Parameters.AddWithValue("$study", instance.StudyInstanceUid);
            series.Parameters.AddWithValue("$series", instance.SeriesInstanceUid);
            series.Parameters.AddWithValue("$ae", instance.SourceAe);
            series.Parameters.AddWithValue("$modality", Db(instance.Modality));
            series.Parameters.AddWithValue("$body", Db(instance.BodyPartExamined));
            series.Parameters.AddWithValue("$sopClass", instance.SopClassUid);
            series.Parameters.AddWithValue("$desc", Db(instance.SeriesDescription));
            series.Parameters.AddWithValue("$manufacturer", Db(instance.Manufacturer));
            series.Parameters.AddWithValue("$now", now);
            newSeries = await series.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }
        if (newSeries)
        {
            long id = await ScalarLongAsync(connection, tx, "SELECT last_insert_rowid()", cancellationToken).ConfigureAwait(false);
            await AddEventAsync(connection, tx, id, null, JobState.Received, $"first instance from {instance.SourceAe}", now, cancellationToken).ConfigureAwait(false);
        }

        long jobId;
        JobState state;
        await using (var find = Command(connection, tx, "SELECT id, state FROM jobs WHERE series_uid = $series"))
        {
            find.Parameters.AddWithValue("$series", instance.SeriesInstanceUid);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            jobId = reader.GetInt64(0);
            state = Enum.Parse<JobState>(reader.GetString(1));
        }

        bool newInstance;
        await using (var insert = Command(connection, tx, """
            INSERT OR IGNORE INTO instances(sop_instance_uid, job_id, sop_class_uid, path, length, received_at)
            VALUES ($sop, $job, $sopClass, $path, $length, $now)
            """))
        {
            insert.Parameters.AddWithValue("$sop", instance.SopInstanceUid);
            insert.Parameters.AddWithValue("$job", jobId);
            insert.Parameters.AddWithValue("$sopClass", instance.SopClassUid);
            insert.Parameters.AddWithValue("$path", spoolPath);
            insert.Parameters.AddWithValue("$length", length);
            insert.Parameters.AddWithValue("$now", now);
            newInstance = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        // A new instance reopens a series whose inference has not started: it goes back to Received and waits
        // for its quiet period again (a queued series too, so no acknowledged instance misses its inference).
        if (newInstance && state is JobState.Received or JobState.Assembling or JobState.Queued)
        {
            await using var touch = Command(connection, tx, """
                UPDATE jobs SET instance_count = instance_count + 1, last_instance_at = $now, updated_at = $now, state = 'Received'
                WHERE id = $id AND state IN ('Received', 'Assembling', 'Queued')
                """);
            touch.Parameters.AddWithValue("$now", now);
            touch.Parameters.AddWithValue("$id", jobId);
            await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            if (state != JobState.Received)
            {
                string why = state == JobState.Assembling ? "new instance during assembly" : "new instance before inference started";
                await AddEventAsync(connection, tx, jobId, state, JobState.Received, why, now, cancellationToken).ConfigureAwait(false);
                state = JobState.Received;
            }
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RecordInstanceResult(jobId, newInstance, newSeries, state);
    }

    public async Task<bool> HasInstanceAsync(string sopInstanceUid, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT count(*) FROM instances WHERE sop_instance_uid = $sop");
        command.Parameters.AddWithValue("$sop", sopInstanceUid);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long n && n > 0;
    }

    public async Task<JobRecord?> GetJobAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await GetJobAsync(connection, null, jobId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobRecord>> ListJobsAsync(JobQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            SELECT {JobColumns} FROM jobs
            WHERE ($state IS NULL OR state = $state) AND ($study IS NULL OR study_uid = $study) AND id > $after
            ORDER BY id LIMIT $limit
            """);
        command.Parameters.AddWithValue("$state", query.State is { } s ? s.ToString() : DBNull.Value);
        command.Parameters.AddWithValue("$study", Db(query.StudyInstanceUid));
        command.Parameters.AddWithValue("$after", query.AfterId ?? 0);
        command.Parameters.AddWithValue("$limit", Math.Clamp(query.Limit, 1, 10_000));
        return await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<JobEvent>> GetEventsAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT at, from_state, to_state, detail FROM job_events WHERE job_id = $id ORDER BY id");
        command.Parameters.AddWithValue("$id", jobId);
        var events = new List<JobEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            events.Add(new JobEvent(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
                reader.IsDBNull(1) ? null : Enum.Parse<JobState>(reader.GetString(1)),
                Enum.Parse<JobState>(reader.GetString(2)), reader.IsDBNull(3) ? null : reader.GetString(3)));
        return events;
    }

    public async Task<IReadOnlyList<string>> GetInstancePathsAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT path FROM instances WHERE job_id = $id ORDER BY received_at, rowid");
        command.Parameters.AddWithValue("$id", jobId);
        var paths = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            paths.Add(reader.GetString(0));
        return paths;
    }

    public async Task<bool> TryTransitionAsync(long jobId, JobState from, JobState to, JobChanges changes, CancellationToken cancellationToken)
    {
        JobStateMachine.EnsureLegal(jobId, from, to);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        bool moved = await ApplyTransitionAsync(connection, tx, jobId, from, to, changes, cancellationToken).ConfigureAwait(false);
        if (moved)
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return moved;
    }

    public async Task<JobRecord?> ClaimNextAsync(JobState from, JobState to, DateTimeOffset now, JobChanges changes, CancellationToken cancellationToken)
    {
        JobStateMachine.EnsureLegal(0, from, to);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        long? id;
        await using (var pick = Command(connection, tx,
            "SELECT id FROM jobs WHERE state = $state AND (next_attempt_at IS NULL OR next_attempt_at <= $now) ORDER BY id LIMIT 1"))
        {
            pick.Parameters.AddWithValue("$state", from.ToString());
            pick.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            id = await pick.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long found ? found : null;
        }
        if (id is null || !await ApplyTransitionAsync(connection, tx, id.Value, from, to, changes, cancellationToken).ConfigureAwait(false))
            return null;
        var job = await GetJobAsync(connection, tx, id.Value, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return job;
    }

    public async Task<int> RecoverAsync(int maxInferenceAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        var interrupted = new List<(long Id, JobState State, int Attempts)>();
        await using (var find = Command(connection, tx, "SELECT id, state, inference_attempts FROM jobs WHERE state IN ('Inferring', 'Assembling') ORDER BY id"))
        {
            await using var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                interrupted.Add((reader.GetInt64(0), Enum.Parse<JobState>(reader.GetString(1)), reader.GetInt32(2)));
        }
        foreach (var (id, state, attempts) in interrupted)
        {
            var (to, detail) = state switch
            {
                JobState.Assembling => (JobState.Received, "routing interrupted by a restart"),
                _ when attempts >= maxInferenceAttempts => (JobState.Failed, $"inference interrupted {attempts} time(s); giving up"),
                _ => (JobState.Queued, "inference interrupted by a restart; queued again"),
            };
            JobStateMachine.EnsureLegal(id, state, to);
            await ApplyTransitionAsync(connection, tx, id, state, to, new JobChanges { Detail = detail, ClearNextAttempt = true }, cancellationToken).ConfigureAwait(false);
        }
        // Quiet periods start again: while we were down a sender could not reach us, so a series that looks
        // quiet may only be waiting for the rest of its instances (a resend after the outage).
        await using (var reopen = Command(connection, tx, "UPDATE jobs SET last_instance_at = $now WHERE state = 'Received' AND last_instance_at < $now"))
        {
            reopen.Parameters.AddWithValue("$now", Now());
            await reopen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return interrupted.Count;
    }

    public async Task<IReadOnlySet<string>> GetDeliveriesAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT destination FROM deliveries WHERE job_id = $id");
        command.Parameters.AddWithValue("$id", jobId);
        var set = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            set.Add(reader.GetString(0));
        return set;
    }

    public async Task MarkDeliveredAsync(long jobId, string destination, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            "INSERT OR IGNORE INTO deliveries(job_id, destination, delivered_at) VALUES ($id, $destination, $now)");
        command.Parameters.AddWithValue("$id", jobId);
        command.Parameters.AddWithValue("$destination", destination);
        command.Parameters.AddWithValue("$now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<JobState>().ToDictionary(s => s, _ => 0);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT state, count(*) FROM jobs GROUP BY state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            counts[Enum.Parse<JobState>(reader.GetString(0))] = reader.GetInt32(1);
        return counts;
    }

    public async Task<StudySummary?> GetStudySummaryAsync(string studyInstanceUid, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        string sourceAe;
        long first;
        await using (var study = Command(connection, null, "SELECT source_ae, first_received_at FROM studies WHERE study_uid = $study"))
        {
            study.Parameters.AddWithValue("$study", studyInstanceUid);
            await using var reader = await study.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            sourceAe = reader.GetString(0);
            first = reader.GetInt64(1);
        }
        await using var series = Command(connection, null, $"SELECT {JobColumns} FROM jobs WHERE study_uid = $study ORDER BY id");
        series.Parameters.AddWithValue("$study", studyInstanceUid);
        var jobs = await ReadJobsAsync(series, cancellationToken).ConfigureAwait(false);
        return new StudySummary(studyInstanceUid, sourceAe, DateTimeOffset.FromUnixTimeMilliseconds(first), jobs);
    }

    private async Task<bool> ApplyTransitionAsync(SqliteConnection connection, SqliteTransaction tx, long jobId, JobState from, JobState to, JobChanges changes, CancellationToken cancellationToken)
    {
        long now = Now();
        await using var update = Command(connection, tx, """
            UPDATE jobs SET state = $to, updated_at = $now,
                model = coalesce($model, model),
                detail = coalesce($detail, detail),
                inference_attempts = CASE WHEN $reset THEN 0 ELSE inference_attempts END + $incInference,
                export_attempts = coalesce($setExport, CASE WHEN $reset THEN 0 ELSE export_attempts END),
                next_attempt_at = CASE WHEN $clearNext THEN NULL ELSE coalesce($next, next_attempt_at) END,
                results_json = coalesce($results, results_json),
                summary_json = coalesce($summary, summary_json)
            WHERE id = $id AND state = $from
            """);
        update.Parameters.AddWithValue("$to", to.ToString());
        update.Parameters.AddWithValue("$from", from.ToString());
        update.Parameters.AddWithValue("$id", jobId);
        update.Parameters.AddWithValue("$now", now);
        update.Parameters.AddWithValue("$model", Db(changes.Model));
        update.Parameters.AddWithValue("$detail", Db(changes.Detail));
        update.Parameters.AddWithValue("$reset", changes.ResetAttempts);
        update.Parameters.AddWithValue("$incInference", changes.IncrementInferenceAttempts ? 1 : 0);
        update.Parameters.AddWithValue("$setExport", changes.ExportAttempts is { } setExport ? setExport : DBNull.Value);
        update.Parameters.AddWithValue("$clearNext", changes.ClearNextAttempt);
        update.Parameters.AddWithValue("$next", changes.NextAttemptAt is { } next ? next.ToUnixTimeMilliseconds() : DBNull.Value);
        update.Parameters.AddWithValue("$results", changes.Results is { } r ? JsonSerializer.Serialize(r) : DBNull.Value);
        update.Parameters.AddWithValue("$summary", Db(changes.SummaryJson));
        if (await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) != 1)
            return false;
        await AddEventAsync(connection, tx, jobId, from, to, changes.Detail, now, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task AddEventAsync(SqliteConnection connection, SqliteTransaction tx, long jobId, JobState? from, JobState to, string? detail, long now, CancellationToken cancellationToken)
    {
        await using var insert = Command(connection, tx,
            "INSERT INTO job_events(job_id, at, from_state, to_state, detail) VALUES ($id, $now, $from, $to, $detail)");
        insert.Parameters.AddWithValue("$id", jobId);
        insert.Parameters.AddWithValue("$now", now);
        insert.Parameters.AddWithValue("$from", from is { } f ? f.ToString() : DBNull.Value);
        insert.Parameters.AddWithValue("$to", to.ToString());
        insert.Parameters.AddWithValue("$detail", Db(detail));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<JobRecord?> GetJobAsync(SqliteConnection connection, SqliteTransaction? tx, long jobId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, $"SELECT {JobColumns} FROM jobs WHERE id = $id");
        command.Parameters.AddWithValue("$id", jobId);
        var jobs = await ReadJobsAsync(command, cancellationToken).ConfigureAwait(false);
        return jobs.Count == 0 ? null : jobs[0];
    }

    private static async Task<List<JobRecord>> ReadJobsAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var jobs = new List<JobRecord>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            jobs.Add(new JobRecord
            {
                Id = r.GetInt64(0),
                CorrelationId = r.GetString(1),
                StudyInstanceUid = r.GetString(2),
                SeriesInstanceUid = r.GetString(3),
                SourceAe = r.GetString(4),
                State = Enum.Parse<JobState>(r.GetString(5)),
                Modality = Str(r, 6),
                BodyPart = Str(r, 7),
                SopClassUid = Str(r, 8),
                SeriesDescription = Str(r, 9),
                Manufacturer = Str(r, 10),
                Model = Str(r, 11),
                Detail = Str(r, 12),
                InstanceCount = r.GetInt32(13),
                InferenceAttempts = r.GetInt32(14),
                ExportAttempts = r.GetInt32(15),
                CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(16)),
                UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(17)),
                LastInstanceAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(18)),
                NextAttemptAt = r.IsDBNull(19) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(19)),
                Results = r.IsDBNull(20) ? [] : JsonSerializer.Deserialize<List<string>>(r.GetString(20)) ?? [],
                SummaryJson = Str(r, 21),
            });
        }
        return jobs;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    private static async Task<long> ScalarLongAsync(SqliteConnection connection, SqliteTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static string? Str(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static object Db(string? value) => (object?)value ?? DBNull.Value;

    private long Now() => time.GetUtcNow().ToUnixTimeMilliseconds();
}
