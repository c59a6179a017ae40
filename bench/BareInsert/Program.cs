// The ceiling for ticket intake: the least an HTTP POST that stores one row through EF Core
// on SQLite (WAL, same synchronous setting as PayDesk) can cost on this machine.
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var dataDir = builder.Configuration["data-dir"] ?? Path.Combine(Path.GetTempPath(), "bare-insert");
var synchronous = (builder.Configuration["synchronous"] ?? "FULL").ToUpperInvariant();
Directory.CreateDirectory(dataDir);
var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDir, "bare.db"), Pooling = true }.ToString();
if (synchronous is not ("OFF" or "NORMAL" or "FULL" or "EXTRA")) throw new ArgumentException("synchronous must be OFF, NORMAL, FULL or EXTRA");
var pragma = new PragmaOnOpen($"PRAGMA synchronous={synchronous};");
builder.Services.AddDbContext<BareDb>(o => o.UseSqlite(connectionString).AddInterceptors(pragma));

var app = builder.Build();
using (var scope = app.Services.CreateScope())
{
    var db = scope.ServiceProvider.GetRequiredService<BareDb>();
    db.Database.EnsureCreated();
    db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
}

app.MapPost("/insert", async (Row row, BareDb db) =>
{
    row.Id = Guid.CreateVersion7();
    row.CreatedAt = DateTime.UtcNow;
    db.Rows.Add(row);
    await db.SaveChangesAsync();
    return Results.Created($"/rows/{row.Id}", row);
});
app.Run();

// The same once-per-physical-connection pragma as PayDesk, so both pay the same.
internal sealed class PragmaOnOpen(string sql) : Microsoft.EntityFrameworkCore.Diagnostics.DbConnectionInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _done = new();

    public override async Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection,
        Microsoft.EntityFrameworkCore.Diagnostics.ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (connection is SqliteConnection { Handle: { } handle } && _done.TryGetValue(handle, out _)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
        if (connection is SqliteConnection { Handle: { } h }) _done.AddOrUpdate(h, new object());
    }
}

internal sealed class Row
{
    public Guid Id { get; set; }
    public string Subject { get; set; } = "";
    public string Description { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

internal sealed class BareDb(DbContextOptions<BareDb> options) : DbContext(options)
{
    public DbSet<Row> Rows => Set<Row>();
}
