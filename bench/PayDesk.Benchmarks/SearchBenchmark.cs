using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Features.Knowledge;
using PayDesk.Features.Complaints;
using PayDesk.Features.Search;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Benchmarks;

/// <summary>
/// Search latency with a realistic corpus: the seed articles plus n generated complaints (each with
/// a reply), indexed through PayDesk's own save path into SQLite FTS5 or PostgreSQL tsvector. Times
/// the help-centre queries of content/knowledge/relevance.tsv and staff complaint searches.
/// Target: p95 under 50 ms on SQLite with 100,000 complaints.
/// </summary>
internal static class SearchBenchmark
{
    private static readonly string[] Subjects =
    [
        "退款一直没到账", "同一笔订单扣了两次钱", "付款失败但银行卡扣款了", "账户被冻结无法付款", "申请解冻很久没有结果", "收不到短信验证码",
        "商户结算款延迟到账", "提现三天还没到银行卡", "信用卡被盗刷", "绑定银行卡失败", "交易限额太低", "手续费扣多了", "支付密码被锁",
        "扣款金额和订单不一致", "退款只退了一部分", "商家拒绝退款", "客服电话打不通", "实名认证一直审核中", "更换绑定手机号", "快捷支付被重复扣费",
    ];

    private static readonly string[] Details =
    [
        "我在{0}购物，订单金额{1}元，交易流水号{2}，已经过去{3}天了。", "昨天晚上支付的时候提示系统繁忙，结果银行卡被扣了{1}元。",
        "商户说已经退款了，但是我的储蓄卡一直没有收到，流水号{2}。", "账户突然显示异常被限制收款，影响了店铺经营，请尽快处理。",
        "验证码发了好几次都收不到，手机信号正常，没有拦截。", "已经按要求上传了身份证照片，等了{3}个工作日还没有结果。",
        "同一笔订单在{0}被扣了两次，每次{1}元，请核实后退回多扣的钱。", "提现到招商银行卡，金额{1}元，显示处理中。",
        "不是我本人操作的交易，金额{1}元，商户是{0}，请冻结并调查。", "希望尽快回复，这笔钱对我很重要。",
    ];

    private static readonly string[] Merchants = ["美团", "京东", "盒马鲜生", "滴滴出行", "星巴克", "携程", "拼多多", "苏宁易购", "全家便利店", "瑞幸咖啡"];

    private static readonly string[] StaffQueries = ["退款 到账", "重复扣款", "冻结", "验证码", "商户结算 延迟", "盗刷", "提现 招商银行", "限额", "手续费", "流水号"];

    public static async Task<int> RunAsync(int count, string? postgres)
    {
        var dir = Directory.CreateTempSubdirectory("paydesk-search-");
        // The save hook that indexes, as the host registers it (StorageSetup).
        var indexing = new SearchIndexing();
        AppDbContext Open() => postgres is null
            ? new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(dir.FullName, "bench.db")}",
                o => o.MigrationsHistoryTable("__ef_migrations_history")).AddInterceptors(indexing).Options)
            : new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(postgres,
                o => o.MigrationsHistoryTable("__ef_migrations_history")).AddInterceptors(indexing).Options);
        try
        {
            await using (var db = Open())
            {
                if (postgres is not null) await db.Database.EnsureDeletedAsync();
                await db.Database.MigrateAsync();
                if (db is SqliteAppDbContext) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
                KnowledgeSeed.AddArticles(db, DateTime.UtcNow);
                await db.SaveChangesAsync();
            }
            var engine = postgres is null ? "SQLite FTS5" : "PostgreSQL tsvector+GIN";
            Console.Error.WriteLine($"{engine}: indexing {count:N0} complaints (each with one reply) through the save path …");
            var seed = Stopwatch.StartNew();
            await SeedAsync(Open, count);
            Console.Error.WriteLine($"indexed in {seed.Elapsed.TotalSeconds:F1} s ({count / seed.Elapsed.TotalSeconds:N0} complaints/s)");
            // After a bulk load the planner needs statistics, as autovacuum (PostgreSQL) would gather them.
            await using (var db = Open()) await db.Database.ExecuteSqlRawAsync("ANALYZE;");

            var relevance = TextSegmenter.ReadContent("knowledge/relevance.tsv").Skip(1).Select(l => l.Split('\t')).Where(p => p.Length == 3).ToList();
            await using var query = Open();
            var articles = new SearchArticles(query);
            var complaints = new SearchComplaints(query);
            var articleTimes = new List<double>();
            var ticketTimes = new List<double>();
            for (var pass = 0; pass < 4; pass++)
            {
                foreach (var r in relevance)
                {
                    var sw = Stopwatch.StartNew();
                    await articles.ArticlesAsync(r[1], false, r[0], null, 10, CancellationToken.None);
                    if (pass > 0) articleTimes.Add(sw.Elapsed.TotalMilliseconds);
                }
                foreach (var q in StaffQueries)
                {
                    var sw = Stopwatch.StartNew();
                    await complaints.TicketsAsync(q, 25, CancellationToken.None);
                    if (pass > 0) ticketTimes.Add(sw.Elapsed.TotalMilliseconds);
                }
            }
            Print(engine, "help-centre article search", count, articleTimes);
            Print(engine, "staff complaint search", count, ticketTimes);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    private static void Print(string engine, string what, int count, List<double> times)
    {
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        Console.WriteLine($"{engine} {what} over {count:N0} complaints: queries={times.Count} p50_ms={P(0.5):F1} p95_ms={P(0.95):F1} max_ms={times[^1]:F1} (target p95 < 50)");
    }

    public static async Task SeedAsync(Func<AppDbContext> open, int count)
    {
        var random = new Random(20261125);
        var customers = new List<Guid>();
        await using (var db = open())
        {
            for (var i = 0; i < 1000; i++)
            {
                var c = new Customer { Name = $"客户{i}", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
                db.Customers.Add(c);
                customers.Add(c.Id);
            }
            await db.SaveChangesAsync();
        }
        const int batch = 1000;
        for (var start = 0; start < count; start += batch)
        {
            await using var db = open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(count, start + batch); i++)
            {
                var merchant = Merchants[random.Next(Merchants.Length)];
                var amount = $"{random.Next(5, 20000)}.{random.Next(0, 99):D2}";
                var serial = "2026" + random.NextInt64(100_000_000_000, 999_999_999_999);
                string Fill(string t) => string.Format(t, merchant, amount, serial, random.Next(1, 15));
                var now = DateTime.UtcNow.AddMinutes(-random.Next(0, 500_000));
                var ticket = new Ticket
                {
                    Number = $"PD-2025-{i + 1:D6}", CustomerId = customers[random.Next(customers.Count)], Subject = Subjects[random.Next(Subjects.Length)],
                    Description = Fill(Details[random.Next(Details.Length)]) + Fill(Details[random.Next(Details.Length)]),
                    Category = (TicketCategory)random.Next(8), Channel = (TicketChannel)random.Next(8), TransactionId = serial, CreatedAt = now, UpdatedAt = now,
                };
                db.Tickets.Add(ticket);
                db.TicketMessages.Add(new TicketMessage
                {
                    TicketId = ticket.Id, Body = Fill(Details[random.Next(Details.Length)]), AuthorName = "客户", FromCustomer = true, CreatedAt = now.AddMinutes(5),
                });
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
            if ((start / batch) % 20 == 0) Console.Error.WriteLine($"  {Math.Min(count, start + batch):N0} …");
        }
    }
}
