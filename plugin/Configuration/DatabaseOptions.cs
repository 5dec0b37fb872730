namespace PacsSeg.Plugin.Configuration;

public sealed class DatabaseOptions
{
    /// <summary>"Sqlite" today; "Postgres" is the seam for several nodes sharing one queue.</summary>
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite file; empty means DataDirectory/jobs.db.</summary>
    public string Path { get; set; } = "";

    public int BusyTimeoutMilliseconds { get; set; } = 5000;
}
