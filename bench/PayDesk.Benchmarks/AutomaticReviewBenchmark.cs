using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PayDesk.Features.Quality;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Benchmarks;

/// <summary>
/// The automatic review's throughput on one core (issue 19): n generated complaints, each with the customer's words, two
/// or three agent replies in Chinese (some with forbidden phrases, some without a greeting), verification and look-up
/// entries, two clocks, transfers and reopens.
///   1. the rule engine alone, in memory, one thread;
///   2. the job end to end against SQLite (claim, read in batches, score, write the reviews and their items), one thread.
/// Target: a 50,000-complaint day reviewed in under a minute (≥ 834 complaints per second).
/// </summary>
internal static class AutomaticReviewBenchmark
{
    private static readonly string[] Replies =
    [
        "您好，您反映的重复扣款问题我们已经收到，正在为您核实，请耐心等待，感谢您的理解。",
        "您好，经核实该笔交易确实重复扣款，重复的款项将在 1-3 个工作日内原路退回，给您带来不便非常抱歉。",
        "这个不归我管，你自己去查一下银行流水。",
        "您好，麻烦您提供一下交易流水号和扣款时间，我们马上为您处理。",
        "退款已经发起，页面滚动到底部就能看到退款进度，谢谢。",
        "没办法，系统就是这样的。",
        "您好，账户冻结是因为异地登录触发了风控，完成身份核实后即可解冻，感谢配合。",
        "已为您升级处理，专家会在今天下午回电，抱歉让您久等了。",
    ];

    private static readonly string[] CustomerWords =
    [
        "我昨天在超市付款被扣了两次钱，请尽快处理",
        "退款一周了还没到账",
        "好的，谢谢",
        "等了这么久还没处理，什么破服务！！",
        "账户为什么被冻结了？我要用钱",
        "收到了，谢谢你们",
    ];

    public static async Task<int> RunAsync(int count)
    {
        var rulesPerSecond = RuleEngine(count);
        var jobPerSecond = await JobAsync(count);
        Console.WriteLine($"automatic_review complaints={count} rules_per_second={rulesPerSecond:F0} job_sqlite_per_second={jobPerSecond:F0} "
            + $"day_of_50000_rules_s={50_000 / rulesPerSecond:F1} day_of_50000_job_s={50_000 / jobPerSecond:F1} target_s=60");
        return 0;
    }

    private static double RuleEngine(int count)
    {
        var rules = AutomaticReviewRulesFactory.Create(PhraseListDefaults.Entries.Select(e => (e.Kind, e.Text)));
        var random = new Random(19);
        var t0 = new DateTime(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc);
        var inputs = new List<AutomaticReviewInput>(count);
        for (var i = 0; i < count; i++) inputs.Add(Input(random, t0.AddMinutes(i), i));
        rules.Score(inputs[0]); // jieba's dictionary loads once, outside the timing
        var sw = Stopwatch.StartNew();
        var points = 0m;
        foreach (var input in inputs) points += rules.Score(input).Sum(x => x.Points);
        var perSecond = count / sw.Elapsed.TotalSeconds;
        Console.Error.WriteLine($"rule engine: {count:N0} complaints in {sw.Elapsed.TotalSeconds:F2} s ({perSecond:F0}/s, {points / count:F1} points each on average)");
        return perSecond;
    }

    private static AutomaticReviewInput Input(Random random, DateTime at, int i)
    {
        var messages = new List<ReviewMessage> { new(at, ReviewAuthor.Customer, CustomerWords[random.Next(2)] + $"，订单号 {100000 + i}") };
        var replies = 2 + random.Next(2);
        for (var r = 0; r < replies; r++)
        {
            messages.Add(new(at.AddMinutes(10 + 30 * r), ReviewAuthor.Agent, Replies[random.Next(Replies.Length)] + (r == 0 ? $"（工单 PD-2026-{i:D6}）" : "")));
            if (random.NextDouble() < 0.5) messages.Add(new(at.AddMinutes(25 + 30 * r), ReviewAuthor.Customer, CustomerWords[random.Next(CustomerWords.Length)]));
        }
        var events = new List<ReviewEvent>();
        if (random.NextDouble() < 0.6)
        {
            // Mostly verified before the look-up; one in ten the other way round.
            var verifiedFirst = random.NextDouble() < 0.9;
            events.Add(new(at.AddMinutes(verifiedFirst ? 5 : 7), ReviewEventKind.Verified));
            events.Add(new(at.AddMinutes(6), ReviewEventKind.Lookup));
        }
        if (random.NextDouble() < 0.1) events.Add(new(at.AddHours(1), ReviewEventKind.Transfer));
        if (random.NextDouble() < 0.05) events.Add(new(at.AddHours(2), ReviewEventKind.CategoryChanged));
        var late = random.NextDouble() < 0.12;
        ReviewClock[] clocks =
        [
            new(ClockKind.FirstResponse, ClockStatus.Met, random.NextDouble() < 0.1, false),
            new(ClockKind.Resolution, late ? ClockStatus.Breached : ClockStatus.Met, late, late),
        ];
        return new AutomaticReviewInput(ReviewSubject.Complaint, Guid.CreateVersion7(), Guid.Empty, at, messages, events, clocks,
            random.NextDouble() < 0.06 ? 1 : 0, $"T2026110{i:D9}");
    }

    private static async Task<double> JobAsync(int count)
    {
        var dir = Directory.CreateTempSubdirectory("paydesk-autoreview-");
        var path = Path.Combine(dir.FullName, "bench.db");
        try
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton(TimeProvider.System);
            services.AddDbContext<SqliteAppDbContext>(o => o.UseSqlite($"Data Source={path}", s => s.MigrationsHistoryTable("__ef_migrations_history")));
            services.AddScoped<AppDbContext>(sp => sp.GetRequiredService<SqliteAppDbContext>());
            services.AddSingleton(Options.Create(new SlaOptions()));
            services.AddSingleton<SlaPolicyStore>();
            services.AddSingleton(Options.Create(new AutomaticReviewOptions { BatchSize = 1000 }));
            services.AddScoped<AutomaticReviewRulesFactory>();
            services.AddSingleton<AutomaticReviewJob>();
            await using var provider = services.BuildServiceProvider();
            await using (var scope = provider.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.MigrateAsync();
            }
            Console.Error.WriteLine($"seeding {count:N0} resolved complaints with messages, timeline entries and clocks …");
            var seed = Stopwatch.StartNew();
            await SeedAsync(path, count);
            Console.Error.WriteLine($"seeded in {seed.Elapsed.TotalSeconds:F1} s");

            var job = provider.GetRequiredService<AutomaticReviewJob>();
            var sw = Stopwatch.StartNew();
            var reviewed = await job.RunAsync(CancellationToken.None);
            var elapsed = sw.Elapsed.TotalSeconds;
            var again = await job.RunAsync(CancellationToken.None);
            await using var check = provider.CreateAsyncScope();
            var rows = await check.ServiceProvider.GetRequiredService<AppDbContext>().Set<AutomaticReview>().CountAsync(r => r.ReviewedAt != null);
            if (reviewed != count || rows != count || again != 0) throw new InvalidOperationException($"reviewed {reviewed}, rows {rows}, second round {again}; expected {count}, {count}, 0");
            Console.Error.WriteLine($"job end to end on SQLite: {count:N0} complaints in {elapsed:F1} s ({count / elapsed:F0}/s); a second round found nothing to do");
            return count / elapsed;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static async Task SeedAsync(string path, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={path}");
        await connection.OpenAsync();
        var agent = "00000000-0000-0000-0000-0000000000A1";
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; INSERT INTO customers (Id, Name, Kind, TimeZone, Locale, CreatedAt, UpdatedAt) VALUES ('00000000-0000-0000-0000-000000000001', 'bench', 'Consumer', 'Asia/Shanghai', 'zh-CN', '2026-01-01', '2026-01-01');";
            await pragma.ExecuteNonQueryAsync();
        }
        var random = new Random(7);
        var t0 = new DateTime(2026, 11, 2, 2, 0, 0, DateTimeKind.Utc);
        const int chunk = 20_000;
        static string Time(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss");
        for (var offset = 0; offset < count; offset += chunk)
        {
            await using var tx = await connection.BeginTransactionAsync();
            await using var ticket = connection.CreateCommand();
            ticket.CommandText = """
                INSERT INTO tickets (Id, Number, Channel, CustomerId, Subject, Description, Category, Priority, Status, CreatedAt, UpdatedAt, EscalationLevel, ReopenCount, OwnerId, Team, ResolvedAt, TransactionId)
                VALUES ($id, $number, 'App', '00000000-0000-0000-0000-000000000001', '重复扣款', $description, 'Funds', 'Normal', 'Resolved', $at, $resolved, 0, $reopens, $agent, 'front_desk', $resolved, $serial)
                """;
            var tid = ticket.Parameters.Add("$id", SqliteType.Text);
            var number = ticket.Parameters.Add("$number", SqliteType.Text);
            var description = ticket.Parameters.Add("$description", SqliteType.Text);
            var at = ticket.Parameters.Add("$at", SqliteType.Text);
            var resolved = ticket.Parameters.Add("$resolved", SqliteType.Text);
            var reopens = ticket.Parameters.Add("$reopens", SqliteType.Integer);
            var serial = ticket.Parameters.Add("$serial", SqliteType.Text);
            ticket.Parameters.AddWithValue("$agent", agent);
            await using var message = connection.CreateCommand();
            message.CommandText = """
                INSERT INTO ticket_messages (Id, TicketId, Visibility, Body, AuthorId, AuthorName, FromCustomer, CreatedAt)
                VALUES ($id, $ticket, 'Public', $body, $author, $name, $customer, $at)
                """;
            var mid = message.Parameters.Add("$id", SqliteType.Text);
            var mticket = message.Parameters.Add("$ticket", SqliteType.Text);
            var body = message.Parameters.Add("$body", SqliteType.Text);
            var author = message.Parameters.Add("$author", SqliteType.Text);
            var name = message.Parameters.Add("$name", SqliteType.Text);
            var customer = message.Parameters.Add("$customer", SqliteType.Integer);
            var mat = message.Parameters.Add("$at", SqliteType.Text);
            await using var clock = connection.CreateCommand();
            clock.CommandText = """
                INSERT INTO sla_clocks (Id, TicketId, Kind, Calendar, TargetMinutes, StartedAt, ElapsedTicksBefore, Status, WarnedAt, BreachedAt, StoppedAt)
                VALUES ($id, $ticket, $kind, 'standard', 60, $at, 0, $status, $warned, $breached, $stopped)
                """;
            var cid = clock.Parameters.Add("$id", SqliteType.Text);
            var cticket = clock.Parameters.Add("$ticket", SqliteType.Text);
            var kind = clock.Parameters.Add("$kind", SqliteType.Text);
            var cat = clock.Parameters.Add("$at", SqliteType.Text);
            var status = clock.Parameters.Add("$status", SqliteType.Text);
            var warned = clock.Parameters.Add("$warned", SqliteType.Text);
            var breached = clock.Parameters.Add("$breached", SqliteType.Text);
            var stopped = clock.Parameters.Add("$stopped", SqliteType.Text);
            await using var entry = connection.CreateCommand();
            entry.CommandText = """
                INSERT INTO ticket_events (TicketId, At, ActorId, ActorName, Kind, Data, CustomerVisible)
                VALUES ($ticket, $at, $agent, '坐席', $kind, $data, 0)
                """;
            var eticket = entry.Parameters.Add("$ticket", SqliteType.Text);
            var eat = entry.Parameters.Add("$at", SqliteType.Text);
            var ekind = entry.Parameters.Add("$kind", SqliteType.Text);
            var edata = entry.Parameters.Add("$data", SqliteType.Text);
            entry.Parameters.AddWithValue("$agent", agent);

            for (var i = offset; i < Math.Min(count, offset + chunk); i++)
            {
                var start = t0.AddSeconds(i * 5);
                var id = Guid.CreateVersion7().ToString().ToUpperInvariant();
                tid.Value = id;
                number.Value = $"PD-2026-{i:D7}";
                description.Value = CustomerWords[random.Next(2)] + $"，订单号 {100000 + i}";
                at.Value = Time(start);
                resolved.Value = Time(start.AddHours(3));
                reopens.Value = random.NextDouble() < 0.06 ? 1 : 0;
                serial.Value = $"T2026110{i:D9}";
                await ticket.ExecuteNonQueryAsync();
                mticket.Value = id;
                var replies = 2 + random.Next(2);
                for (var r = 0; r < replies; r++)
                {
                    mid.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                    body.Value = Replies[random.Next(Replies.Length)] + (r == 0 ? $"（工单 PD-2026-{i:D6}）" : "");
                    author.Value = agent;
                    name.Value = "坐席";
                    customer.Value = 0;
                    mat.Value = Time(start.AddMinutes(10 + 30 * r));
                    await message.ExecuteNonQueryAsync();
                    if (random.NextDouble() < 0.5)
                    {
                        mid.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                        body.Value = CustomerWords[random.Next(CustomerWords.Length)];
                        author.Value = DBNull.Value;
                        name.Value = "客户";
                        customer.Value = 1;
                        mat.Value = Time(start.AddMinutes(25 + 30 * r));
                        await message.ExecuteNonQueryAsync();
                    }
                }
                var late = random.NextDouble() < 0.12;
                foreach (var (clockKind, isLate) in new[] { ("FirstResponse", false), ("Resolution", late) })
                {
                    cid.Value = Guid.CreateVersion7().ToString().ToUpperInvariant();
                    cticket.Value = id;
                    kind.Value = clockKind;
                    cat.Value = Time(start);
                    status.Value = isLate ? "Breached" : "Met";
                    warned.Value = isLate || random.NextDouble() < 0.1 ? Time(start.AddMinutes(40)) : DBNull.Value;
                    breached.Value = isLate ? Time(start.AddMinutes(60)) : DBNull.Value;
                    stopped.Value = Time(start.AddHours(3));
                    await clock.ExecuteNonQueryAsync();
                }
                eticket.Value = id;
                if (random.NextDouble() < 0.6)
                {
                    var verifiedFirst = random.NextDouble() < 0.9;
                    eat.Value = Time(start.AddMinutes(verifiedFirst ? 5 : 7));
                    ekind.Value = "Verification";
                    edata.Value = "{\"step\":\"verified\",\"method\":\"sms_code\"}";
                    await entry.ExecuteNonQueryAsync();
                    eat.Value = Time(start.AddMinutes(6));
                    ekind.Value = "Lookup";
                    edata.Value = "{\"found\":true}";
                    await entry.ExecuteNonQueryAsync();
                }
                if (random.NextDouble() < 0.1)
                {
                    eat.Value = Time(start.AddHours(1));
                    ekind.Value = "Transfer";
                    edata.Value = "{\"team\":\"back_office\"}";
                    await entry.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
            Console.Error.WriteLine($"  {Math.Min(count, offset + chunk):N0} / {count:N0}");
        }
    }
}
