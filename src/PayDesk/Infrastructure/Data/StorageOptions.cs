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
    /// (see docs/decisions/0002-sqlite-durability.md).
    /// </summary>
    public string SqliteSynchronous { get; set; } = "FULL";

    public bool UsePostgres => !string.IsNullOrWhiteSpace(PostgresConnectionString);

    public string SqlitePath => Path.Combine(Path.GetFullPath(DataDir), "paydesk.db");

    public static StorageOptions FromConfiguration(IConfiguration configuration) => new()
    {
        DataDir = configuration["PAYDESK_DATA_DIR"] ?? configuration["Storage:DataDir"] ?? "data",
        PostgresConnectionString = configuration.GetConnectionString("Postgres") ?? configuration["PAYDESK_POSTGRES"],
        SqliteSynchronous = configuration["Storage:SqliteSynchronous"] ?? "FULL",
    };
}
