// Opens connections to the plugin's SQLite file with the durability settings every connection needs,
// and owns the schema. Shared by the job store and the audit log.
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using PacsSeg.Plugin.Configuration;

namespace PacsSeg.Plugin.Jobs;

public sealed class SqliteDatabase
{
    private const int SchemaVersion = 1;
    private readonly string connectionString;
    private readonly int busyTimeoutMs;

    public SqliteDatabase(IOptions<PluginOptions> options)
    {
        var o = options.Value;
        FilePath = o.ResolveDataPath(o.Database.Path, "jobs.db");
        busyTimeoutMs = o.Database.BusyTimeoutMilliseconds;
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = Math.Max(1, busyTimeoutMs / 1000),
        }.ToString();
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // synchronous and busy_timeout are per connection; WAL is persistent but cheap to restate.
            await ExecuteAsync(connection, null,
                $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={busyTimeoutMs};",
                cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = connection.BeginTransaction();
        await ExecuteAsync(connection, tx, Schema, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, tx, $"PRAGMA user_version={SchemaVersion};", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Releases pooled connections so the file can be reopened or deleted (tests, shutdown).</summary>
    public static void ReleasePooledConnections() => SqliteConnection.ClearAllPools();

    public static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS studies (
            study_uid TEXT PRIMARY KEY,
            source_ae TEXT NOT NULL,
            first_received_at INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            correlation_id TEXT NOT NULL,
            study_uid TEXT NOT NULL REFERENCES studies(study_uid),
            series_uid TEXT NOT NULL UNIQUE,
            source_ae TEXT NOT NULL,
            state TEXT NOT NULL,
            modality TEXT, body_part TEXT, sop_class_uid TEXT, series_description TEXT, manufacturer TEXT,
            model TEXT, detail TEXT,
            instance_count INTEGER NOT NULL DEFAULT 0,
            inference_attempts INTEGER NOT NULL DEFAULT 0,
            export_attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            last_instance_at INTEGER NOT NULL,
            next_attempt_at INTEGER,
            results_json TEXT,
            summary_json TEXT
        );
        CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs(state, next_attempt_at, id);
        CREATE INDEX IF NOT EXISTS jobs_by_study ON jobs(study_uid);
        CREATE TABLE IF NOT EXISTS instances (
            sop_instance_uid TEXT PRIMARY KEY,
            job_id INTEGER NOT NULL REFERENCES jobs(id),
            sop_class_uid TEXT NOT NULL,
            path TEXT NOT NULL,
            length INTEGER NOT NULL,
            received_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS instances_by_job ON instances(job_id, received_at);
        CREATE TABLE IF NOT EXISTS job_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs(id),
            at INTEGER NOT NULL,
            from_state TEXT,
            to_state TEXT NOT NULL,
            detail TEXT
        );
        CREATE INDEX IF NOT EXISTS job_events_by_job ON job_events(job_id, id);
        CREATE TABLE IF NOT EXISTS deliveries (
            job_id INTEGER NOT NULL REFERENCES jobs(id),
            destination TEXT NOT NULL,
            delivered_at INTEGER NOT NULL,
            PRIMARY KEY (job_id, destination)
        );
        CREATE TABLE IF NOT EXISTS audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT
        );
        """;
}
