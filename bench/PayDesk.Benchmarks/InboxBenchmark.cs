using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Identity;
using PayDesk.Features.Tickets;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Benchmarks;

/// <summary>
/// The inbox's data for its first render (one page of 25, newest first, with the total) over n
/// complaints on SQLite, for each saved view and a text search, as the page and the API run it.
/// Target: under 300 ms server time with 100,000 complaints.
/// </summary>
internal static class InboxBenchmark
{
    public static async Task<int> RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("paydesk-inbox-");
        SqliteAppDbContext Open() => new(new DbContextOptionsBuilder<SqliteAppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(dir.FullName, "bench.db")}", o => o.MigrationsHistoryTable("__ef_migrations_history")).Options);
        try
        {
            await using (var db = Open())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            Console.Error.WriteLine($"seeding {count:N0} complaints …");
            await SearchBenchmark.SeedAsync(Open, count);
            await using (var db = Open()) await db.Database.ExecuteSqlRawAsync("ANALYZE;");

            var agent = new Actor(Guid.NewGuid(), "坐席", new HashSet<string> { Roles.Agent }, null);
            var cases = new (string Name, ListTickets.Filter Filter)[]
            {
                ("all", new()), ("status=new", new(Status: TicketStatus.New)), ("unassigned", new(View: "unassigned")), ("mine", new(View: "mine")),
                ("at_risk", new(View: "at_risk")), ("callbacks", new(View: "callbacks")), ("category=refund", new(Category: TicketCategory.Refund)),
                ("text 退款 到账", new(Text: "退款 到账")), ("text serial", new(Text: "2026123456789012")),
            };
            foreach (var (name, filter) in cases)
            {
                var times = new List<double>();
                for (var i = 0; i < 12; i++)
                {
                    await using var db = Open();
                    var sw = Stopwatch.StartNew();
                    await ListTickets.QueryAsync(db, agent, filter, new PageRequest(1, PageRequest.DefaultSize), CancellationToken.None);
                    if (i >= 2) times.Add(sw.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                Console.WriteLine($"inbox {name,-18} over {count:N0}: p50_ms={times[times.Count / 2]:F1} max_ms={times[^1]:F1} (target < 300)");
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
