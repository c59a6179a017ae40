using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Benchmarks;

/// <summary>
/// Seeds n running clocks (spread over the next 30 days, a few already due) into a fresh SQLite
/// database with PayDesk's migrations, then times the evaluator's query for due clocks.
/// Target: under 100 ms with a million open clocks.
/// </summary>
internal static class EvaluatorBenchmark
{
    public static async Task<int> RunAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("paydesk-evaluator-");
        var path = Path.Combine(dir.FullName, "bench.db");
        try
        {
            var options = new DbContextOptionsBuilder<SqliteAppDbContext>()
                .UseSqlite($"Data Source={path}", o => o.MigrationsHistoryTable("__ef_migrations_history")).Options;
            await using var db = new SqliteAppDbContext(options);
            await db.Database.MigrateAsync();
            var now = new DateTime(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);

            Console.Error.WriteLine($"seeding {count:N0} tickets with one running clock each …");
            var seed = Stopwatch.StartNew();
            await SeedAsync(path, count, now);
            Console.Error.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s");

            var timings = new List<double>();
            var found = 0;
            for (var i = 0; i < 20; i++)
            {
                var sw = Stopwatch.StartNew();
                found = (await SlaEvaluator.FindDueAsync(db, now, SlaEvaluator.BatchSize, CancellationToken.None)).Count;
                timings.Add(sw.Elapsed.TotalMilliseconds);
            }
            timings.Sort();
            var plan = await PlanAsync(path);
            Console.WriteLine($"open_clocks={count} due_found={found} p50_ms={timings[timings.Count / 2]:F2} max_ms={timings[^1]:F2} plan=\"{plan}\"");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>SQLite's own account of how it runs the query: it must use the (Status, NextCheckAt) index.</summary>
    private static async Task<string> PlanAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN SELECT Id FROM sla_clocks WHERE Status = 'Running' AND NextCheckAt <= '2026-11-25 02:00:00' ORDER BY NextCheckAt LIMIT 500";
        var steps = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return string.Join(" | ", steps);
    }

    private static async Task SeedAsync(string path, int count, DateTime now)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; INSERT INTO customers (Id, Name, Kind, TimeZone, Locale, CreatedAt, UpdatedAt) VALUES ('00000000-0000-0000-0000-000000000001', 'bench', 'Consumer', 'Asia/Shanghai', 'zh-CN', '2026-01-01', '2026-01-01');";
            await pragma.ExecuteNonQueryAsync();
        }
        var random = new Random(7);
        const int chunk = 50_000;
        for (var offset = 0; offset < count; offset += chunk)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var ticket = connection.CreateCommand();
            ticket.CommandText = """
                INSERT INTO tickets (Id, Number, Channel, CustomerId, Subject, Description, Category, Priority, Status, CreatedAt, UpdatedAt, EscalationLevel, ReopenCount)
                VALUES ($id, $number, 'App', '00000000-0000-0000-0000-000000000001', 's', 'd', 'Funds', 'Normal', 'InProgress', $at, $at, 0, 0)
                """;
            var tid = ticket.Parameters.Add("$id", SqliteType.Text);
            var number = ticket.Parameters.Add("$number", SqliteType.Text);
            var at = ticket.Parameters.Add("$at", SqliteType.Text);
            await using var clock = connection.CreateCommand();
            clock.CommandText = """
                INSERT INTO sla_clocks (Id, TicketId, Kind, Calendar, TargetMinutes, StartedAt, ElapsedTicksBefore, RunningSince, DueAt, AtRiskAt, NextCheckAt, Status)
                VALUES ($id, $ticket, 'Resolution', 'standard', 1080, $at, 0, $at, $next, $next, $next, 'Running')
                """;
            var cid = clock.Parameters.Add("$id", SqliteType.Text);
            var cticket = clock.Parameters.Add("$ticket", SqliteType.Text);
            var cat = clock.Parameters.Add("$at", SqliteType.Text);
            var next = clock.Parameters.Add("$next", SqliteType.Text);
            for (var i = offset; i < Math.Min(count, offset + chunk); i++)
            {
                var id = Guid.CreateVersion7();
                tid.Value = id.ToString().ToUpperInvariant();
                number.Value = $"PD-2026-{i:D7}";
                at.Value = now.AddDays(-1).ToString("yyyy-MM-dd HH:mm:ss");
                await ticket.ExecuteNonQueryAsync();
                cid.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                cticket.Value = tid.Value;
                cat.Value = at.Value;
                // 0.05 % are due now; the rest come due over the next 30 days.
                next.Value = (random.NextDouble() < 0.0005 ? now.AddMinutes(-random.Next(1, 60)) : now.AddMinutes(random.Next(1, 60 * 24 * 30))).ToString("yyyy-MM-dd HH:mm:ss");
                await clock.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
            Console.Error.WriteLine($"  {Math.Min(count, offset + chunk):N0} / {count:N0}");
        }
    }
}
