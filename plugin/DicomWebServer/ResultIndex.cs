// The index of the DICOM objects the plugin produced, for QIDO-RS / WADO-RS and GetJob. It lives in the job
// database (tables result_instances, result_runs) and is brought up to date from the jobs table before each
// read: a job whose inference finished (it has results and is Exporting, Done or DeadLetter) is indexed once
// per inference run (the id of its Inferring -> Exporting event), and a job sent back to inference drops out.
// Pulling from the job store instead of being told by the worker means no result is missed after a crash.
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using PacsSeg.Dicom;
using PacsSeg.Dicom.IO;
using PacsSeg.Plugin.Jobs;
using PacsSeg.Plugin.Logging;

namespace PacsSeg.Plugin.DicomWebServer;

public sealed class ResultIndex(SqliteDatabase database, ILogger<ResultIndex> logger) : IDisposable
{
    private const string Columns = "job_id, study_uid, series_uid, sop_uid, sop_class_uid, transfer_syntax, path, modality, patient_id, patient_name, " +
        "patient_birth_date, patient_sex, study_date, study_time, accession_number, study_id, study_description, referring_physician, " +
        "series_number, series_description, instance_number, number_of_frames, rows_, columns_";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS result_instances (
            sop_uid TEXT PRIMARY KEY,
            job_id INTEGER NOT NULL,
            study_uid TEXT NOT NULL, series_uid TEXT NOT NULL, sop_class_uid TEXT NOT NULL, transfer_syntax TEXT NOT NULL, path TEXT NOT NULL,
            modality TEXT, patient_id TEXT, patient_name TEXT, patient_birth_date TEXT, patient_sex TEXT,
            study_date TEXT, study_time TEXT, accession_number TEXT, study_id TEXT, study_description TEXT, referring_physician TEXT,
            series_number INTEGER, series_description TEXT, instance_number INTEGER, number_of_frames INTEGER, rows_ INTEGER, columns_ INTEGER
        );
        CREATE INDEX IF NOT EXISTS result_instances_by_study ON result_instances(study_uid, series_uid);
        CREATE INDEX IF NOT EXISTS result_instances_by_job ON result_instances(job_id);
        CREATE TABLE IF NOT EXISTS result_runs (
            job_id INTEGER PRIMARY KEY,
            run_event_id INTEGER NOT NULL
        );
        """;

    private static readonly DicomReadOptions HeaderOnly = new() { LargeValueThreshold = 1024 };
    private readonly SemaphoreSlim syncGate = new(1, 1);
    private bool schemaReady;

    /// <summary>Indexes results of finished inference runs not indexed yet and drops those of jobs sent back to inference.</summary>
    /// <returns>How many jobs were (re)indexed.</returns>
    public async Task<int> SyncAsync(CancellationToken cancellationToken)
    {
        await syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!schemaReady)
            {
                await SqliteDatabase.ExecuteAsync(connection, null, Schema, cancellationToken).ConfigureAwait(false);
                schemaReady = true;
            }
            const string finished = "('Exporting', 'Done', 'DeadLetter')";
            await SqliteDatabase.ExecuteAsync(connection, null,
                $"DELETE FROM result_instances WHERE job_id IN (SELECT id FROM jobs WHERE state NOT IN {finished});" +
                $"DELETE FROM result_runs WHERE job_id IN (SELECT id FROM jobs WHERE state NOT IN {finished});", cancellationToken).ConfigureAwait(false);

            var pending = new List<(long Job, long Run, List<string> Files)>();
            await using (var select = connection.CreateCommand())
            {
                select.CommandText = $"""
                    SELECT j.id, j.results_json, run.id FROM jobs j
                    JOIN (SELECT job_id, MAX(id) AS id FROM job_events WHERE from_state = 'Inferring' AND to_state = 'Exporting' GROUP BY job_id) run ON run.job_id = j.id
                    LEFT JOIN result_runs r ON r.job_id = j.id
                    WHERE j.results_json IS NOT NULL AND j.state IN {finished} AND (r.job_id IS NULL OR r.run_event_id <> run.id)
                    """;
                await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    pending.Add((reader.GetInt64(0), reader.GetInt64(2), JsonSerializer.Deserialize<List<string>>(reader.GetString(1)) ?? []));
            }
            foreach (var (job, run, files) in pending)
            {
                var rows = files.Where(File.Exists).Select(f => Describe(job, f, logger)).OfType<ResultInstance>().ToList();
                await using var tx = connection.BeginTransaction();
                await using (var delete = connection.CreateCommand())
                {
                    delete.Transaction = tx;
                    delete.CommandText = "DELETE FROM result_instances WHERE job_id = $job";
                    delete.Parameters.AddWithValue("$job", job);
                    await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                foreach (var row in rows)
                    await InsertAsync(connection, tx, row, cancellationToken).ConfigureAwait(false);
                await using (var mark = connection.CreateCommand())
                {
                    mark.Transaction = tx;
                    mark.CommandText = "INSERT OR REPLACE INTO result_runs(job_id, run_event_id) VALUES ($job, $run)";
                    mark.Parameters.AddWithValue("$job", job);
                    mark.Parameters.AddWithValue("$run", run);
                    await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
            if (pending.Count > 0)
                DicomWebLog.Indexed(logger, pending.Count);
            return pending.Count;
        }
        finally
        {
            syncGate.Release();
        }
    }

    /// <summary>Result objects matching <paramref name="query"/>, ordered by study, series, instance number.</summary>
    public async Task<IReadOnlyList<ResultInstance>> SearchAsync(ResultQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        var where = new StringBuilder("1 = 1");
        AddList(command, where, "study_uid", query.StudyInstanceUids);
        AddList(command, where, "series_uid", query.SeriesInstanceUids);
        AddList(command, where, "sop_uid", query.SopInstanceUids);
        AddMatch(command, where, "patient_id", query.PatientId);
        AddMatch(command, where, "patient_name", query.PatientName);
        AddMatch(command, where, "accession_number", query.AccessionNumber);
        AddMatch(command, where, "modality", query.Modality);
        AddMatch(command, where, "sop_class_uid", query.SopClassUid);
        if (query.StudyDate is { } date)
            AddDate(command, where, date);
        command.CommandText = $"SELECT {Columns} FROM result_instances WHERE {where} ORDER BY study_uid, series_uid, instance_number, sop_uid";
        var result = new List<ResultInstance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(Read(reader));
        return result;
    }

    /// <summary>The result objects of one job.</summary>
    public async Task<IReadOnlyList<ResultInstance>> ForJobAsync(long jobId, CancellationToken cancellationToken)
    {
        await SyncAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM result_instances WHERE job_id = $job ORDER BY series_uid, sop_uid";
        command.Parameters.AddWithValue("$job", jobId);
        var result = new List<ResultInstance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            result.Add(Read(reader));
        return result;
    }

    private static ResultInstance? Describe(long job, string path, ILogger logger)
    {
        DicomFile file;
        try
        {
            file = DicomFile.Open(path, HeaderOnly);
        }
        catch (Exception ex) when (ex is DicomParseException or IOException or DicomDataException)
        {
            DicomWebLog.UnreadableResult(logger, path, job, ex.Message);
            return null;
        }
        var d = file.Dataset;
        string? S(DicomTag tag) => d.GetStringOrDefault(tag) is { Length: > 0 } v ? v : null;
        int? I(DicomTag tag)
        {
            try
            {
                return d.GetDoubles(tag).Length > 0 ? d.GetInt32(tag) : null;
            }
            catch (DicomDataException)
            {
                return null;
            }
        }
        if (S(DicomTags.StudyInstanceUID) is not { } study || S(DicomTags.SeriesInstanceUID) is not { } series || S(DicomTags.SOPInstanceUID) is not { } sop)
            return null;
        return new ResultInstance
        {
            JobId = job,
            StudyInstanceUid = study,
            SeriesInstanceUid = series,
            SopInstanceUid = sop,
            SopClassUid = S(DicomTags.SOPClassUID) ?? "",
            TransferSyntaxUid = file.TransferSyntax.Uid.ToString(),
            Path = path,
            Modality = S(DicomTags.Modality),
            PatientId = S(DicomTags.PatientID),
            PatientName = S(DicomTags.PatientName),
            PatientBirthDate = S(DicomTags.PatientBirthDate),
            PatientSex = S(DicomTags.PatientSex),
            StudyDate = S(DicomTags.StudyDate),
            StudyTime = S(DicomTags.StudyTime),
            AccessionNumber = S(DicomTags.AccessionNumber),
            StudyId = S(DicomTags.StudyID),
            StudyDescription = S(DicomTags.StudyDescription),
            ReferringPhysicianName = S(DicomTags.ReferringPhysicianName),
            SeriesNumber = I(DicomTags.SeriesNumber),
            SeriesDescription = S(DicomTags.SeriesDescription),
            InstanceNumber = I(DicomTags.InstanceNumber),
            NumberOfFrames = I(DicomTags.NumberOfFrames),
            Rows = I(DicomTags.Rows),
            Columns = I(DicomTags.Columns),
        };
    }

    private static async Task InsertAsync(SqliteConnection connection, SqliteTransaction tx, ResultInstance r, CancellationToken cancellationToken)
    {
        await using var insert = connection.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = $"INSERT OR REPLACE INTO result_instances({Columns}) VALUES ($p0, $p1, $p2, $p3, $p4, $p5, $p6, $p7, $p8, $p9, $p10, $p11, " +
            "$p12, $p13, $p14, $p15, $p16, $p17, $p18, $p19, $p20, $p21, $p22, $p23)";
        object?[] values = [r.JobId, r.StudyInstanceUid, r.SeriesInstanceUid, r.SopInstanceUid, r.SopClassUid, r.TransferSyntaxUid, r.Path, r.Modality,
            r.PatientId, r.PatientName, r.PatientBirthDate, r.PatientSex, r.StudyDate, r.StudyTime, r.AccessionNumber, r.StudyId, r.StudyDescription,
            r.ReferringPhysicianName, r.SeriesNumber, r.SeriesDescription, r.InstanceNumber, r.NumberOfFrames, r.Rows, r.Columns];
        for (int i = 0; i < values.Length; i++)
            insert.Parameters.AddWithValue($"$p{i}", values[i] ?? DBNull.Value);
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static ResultInstance Read(SqliteDataReader r)
    {
        string? S(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        int? I(int i) => r.IsDBNull(i) ? null : r.GetInt32(i);
        return new ResultInstance
        {
            JobId = r.GetInt64(0),
            StudyInstanceUid = r.GetString(1),
            SeriesInstanceUid = r.GetString(2),
            SopInstanceUid = r.GetString(3),
            SopClassUid = r.GetString(4),
            TransferSyntaxUid = r.GetString(5),
            Path = r.GetString(6),
            Modality = S(7),
            PatientId = S(8),
            PatientName = S(9),
            PatientBirthDate = S(10),
            PatientSex = S(11),
            StudyDate = S(12),
            StudyTime = S(13),
            AccessionNumber = S(14),
            StudyId = S(15),
            StudyDescription = S(16),
            ReferringPhysicianName = S(17),
            SeriesNumber = I(18),
            SeriesDescription = S(19),
            InstanceNumber = I(20),
            NumberOfFrames = I(21),
            Rows = I(22),
            Columns = I(23),
        };
    }

    private static void AddList(SqliteCommand command, StringBuilder where, string column, IReadOnlyList<string>? values)
    {
        if (values is null || values.Count == 0)
            return;
        var names = new List<string>();
        foreach (var v in values)
        {
            string name = $"$v{command.Parameters.Count}";
            command.Parameters.AddWithValue(name, v);
            names.Add(name);
        }
        where.Append(CultureInfo.InvariantCulture, $" AND {column} IN ({string.Join(", ", names)})");
    }

    // DICOM wildcard matching: * any run, ? one character; everything else literal (LIKE's own % and _ escaped).
    private static void AddMatch(SqliteCommand command, StringBuilder where, string column, string? pattern)
    {
        if (string.IsNullOrEmpty(pattern) || pattern == "*")
            return;
        string name = $"$v{command.Parameters.Count}";
        if (pattern.Contains('*') || pattern.Contains('?'))
        {
            var like = new StringBuilder();
            foreach (char c in pattern)
                like.Append(c switch { '*' => "%", '?' => "_", '%' => "\\%", '_' => "\\_", '\\' => "\\\\", _ => c.ToString() });
            command.Parameters.AddWithValue(name, like.ToString());
            where.Append(CultureInfo.InvariantCulture, $" AND {column} LIKE {name} ESCAPE '\\'");
        }
        else
        {
            command.Parameters.AddWithValue(name, pattern);
            where.Append(CultureInfo.InvariantCulture, $" AND {column} = {name}");
        }
    }

    private static void AddDate(SqliteCommand command, StringBuilder where, string date)
    {
        int dash = date.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            AddMatch(command, where, "study_date", date);
            return;
        }
        if (dash > 0)
        {
            string from = $"$v{command.Parameters.Count}";
            command.Parameters.AddWithValue(from, date[..dash]);
            where.Append(CultureInfo.InvariantCulture, $" AND study_date >= {from}");
        }
        if (dash < date.Length - 1)
        {
            string to = $"$v{command.Parameters.Count}";
            command.Parameters.AddWithValue(to, date[(dash + 1)..]);
            where.Append(CultureInfo.InvariantCulture, $" AND study_date <= {to}");
        }
    }

    public void Dispose() => syncGate.Dispose();
}
