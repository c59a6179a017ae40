namespace PayDesk.Infrastructure.Data;

internal sealed class StorageOptions
{
    /// <summary>Folder for the SQLite database, key rings and uploads (PAYDESK_DATA_DIR).</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>PostgreSQL connection string; when set PostgreSQL is used instead of SQLite.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// SQLite <c>synchronous</c> pragma under WAL. FULL by default: a 201 for a complaint means
    /// it survives a power cut. NORMAL is faster but may lose the last commits on power loss
    /// (see docs/decisions/0002-sqlite-durability-and-single-writer.md); FULL is kept by group commit.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>
    /// A streaming standby of the PostgreSQL primary that reports and exports read from (ConnectionStrings:PostgresReplica
    /// or PAYDESK_POSTGRES_REPLICA); optional, and only with PostgreSQL.
    /// </summary>
    public string? PostgresReplicaConnectionString { get; set; }

    /// <summary>FULL on SQLite is kept by group commit (<see cref="SqliteGroupCommit"/>).</summary>
    public bool GroupCommit => !UsePostgres && string.Equals(SqliteSynchronous, "FULL", StringComparison.OrdinalIgnoreCase);

    public bool UsePostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public bool UsesReplica => UsePostgres && !string.IsNullOrWhiteSpace(PostgresReplicaConnectionString);

    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDir), "paydesk.db");

    /// <summary>
    /// Host, port and database of the PostgreSQL connection string (the user's name when no database is named, as Npgsql
    /// does), never its password nor the string itself when the driver cannot read it; null on SQLite.
    /// </summary>
    public string? PostgresAddress
    {
        get
        {
            if (!UsePostgres) return null;
            try
            {
                var b = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString);
                return $"{b.Host}:{b.Port}/{b.Database ?? b.Username}";
            }
            catch (ArgumentException)
            {
                return "(a connection string PostgreSQL's driver cannot read)";
            }
        }
    }

    public static StorageOptions FromConfiguration(IConfiguration configuration) => new()
    {
        DataDir = configuration["PAYDESK_DATA_DIR"] ?? configuration["Storage:DataDir"] ?? "data",
        PostgresConnectionString = configuration.GetConnectionString("Postgres") ?? configuration["PAYDESK_POSTGRES"],
        PostgresReplicaConnectionString = configuration.GetConnectionString("PostgresReplica") ?? configuration["PAYDESK_POSTGRES_REPLICA"],
        SqliteSynchronous = configuration["Storage:SqliteSynchronous"] ?? "FULL",
    };
}
