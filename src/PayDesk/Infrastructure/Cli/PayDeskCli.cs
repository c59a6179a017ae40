using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Demo;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Infrastructure.Cli;

/// <summary>
/// The `paydesk` verbs, run by the same executable as the server
/// (`dotnet run --project src/PayDesk -- users add …`).
/// </summary>
internal static class PayDeskCli
{
    private static readonly string[] Verbs = ["db", "users", "seed", "sla", "assistant", "forecast", "--help", "-h", "-?", "help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args, TextWriter? output = null, TextWriter? error = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var root = new RootCommand("PayDesk — customer service and complaint handling for payment companies.");

        var db = new Command("db", "Database tasks.");
        var migrate = new Command("migrate", "Apply all migrations to the configured database (SQLite or PostgreSQL).");
        migrate.SetAction(async (_, ct) => await WithHostAsync(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await output.WriteLineAsync(Describe(services) + ": migrations applied.");
            return 0;
        }));
        db.Subcommands.Add(migrate);
        root.Subcommands.Add(db);

        root.Subcommands.Add(Features.Identity.UserCommands.Create(output, error, settings, WithHostAsync));

        var demo = new Option<bool>("--demo") { Description = "Add the demo customers, staff and complaints.", Required = true };
        var seed = new Command("seed", "Fill the database with data.") { demo };
        seed.SetAction(async (parse, ct) => await WithHostAsync(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await BootstrapAdmin.EnsureAsync(services, output);
            var added = await DemoData.SeedAsync(services, output, ct);
            await output.WriteLineAsync(added ? "Demo data added." : "Demo data is already there; nothing added.");
            return 0;
        }));
        root.Subcommands.Add(seed);

        root.Subcommands.Add(SlaCommand(output, error));
        root.Subcommands.Add(Features.Assistant.AssistantCommands.Create(output, error, settings, WithHostAsync));
        root.Subcommands.Add(ForecastCommand(output, error, settings));

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>`paydesk sla due --calendar standard --from 2026-02-13T17:00:00+08:00 --business-minutes 120`.</summary>
    private static Command SlaCommand(TextWriter output, TextWriter error)
    {
        var calendar = new Option<string>("--calendar") { Description = $"Calendar: {string.Join(", ", Features.Sla.DefaultCalendars.Names)}.", Required = true };
        var from = new Option<DateTimeOffset>("--from") { Description = "Start instant with its offset, e.g. 2026-02-13T17:00:00+08:00.", Required = true };
        var minutes = new Option<int>("--business-minutes") { Description = "Business minutes to add (0 or more).", Required = true };
        var due = new Command("due", "Print the instant when the business time runs out, in the calendar's time zone.") { calendar, from, minutes };
        due.SetAction(parse =>
        {
            var name = parse.GetValue(calendar)!;
            if (Features.Sla.CalendarCache.Default(name) is not { } compiled)
            {
                error.WriteLine($"error: unknown calendar '{name}'. Calendars: {string.Join(", ", Features.Sla.DefaultCalendars.Names)}.");
                return 1;
            }
            var businessMinutes = parse.GetValue(minutes);
            if (businessMinutes < 0)
            {
                error.WriteLine("error: --business-minutes must be 0 or more.");
                return 1;
            }
            try
            {
                var dueUtc = compiled.Add(parse.GetValue(from).UtcDateTime, TimeSpan.FromMinutes(businessMinutes));
                output.WriteLine(compiled.ToLocal(dueUtc).ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            }
            catch (ArgumentOutOfRangeException ex)
            {
                error.WriteLine("error: " + ex.Message.Split(" (Parameter")[0]);
                return 1;
            }
        });
        var sla = new Command("sla", "Service levels and business-hour calendars.");
        sla.Subcommands.Add(due);
        return sla;
    }

    private static async Task<int> WithHostAsync(IReadOnlyDictionary<string, string?>? settings, Func<IServiceProvider, Task<int>> work)
    {
        var builder = WebApplication.CreateBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPayDesk();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        return await work(app.Services);
    }

    private static string Describe(IServiceProvider services)
    {
        var storage = services.GetRequiredService<StorageOptions>();
        using var scope = services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ProviderName;
        return storage.UsePostgres ? $"PostgreSQL ({provider})" : $"SQLite at {storage.SqlitePath}";
    }

    private static Command ForecastCommand(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings)
    {
        var weeks = new Option<int>("--weeks") { Description = "Whole weeks held back, one at a time (1–12).", DefaultValueFactory = _ => 4 };
        var demo = new Option<bool>("--demo") { Description = "Use the generated demo history (half a year ending yesterday) instead of the database." };
        var backtest = new Command("backtest", "Forecast accuracy per channel (MAPE, WAPE) on held-back weeks, against the seasonal-naive baseline.") { weeks, demo };
        backtest.SetAction(async (parse, ct) =>
        {
            var held = parse.GetValue(weeks);
            if (held is < 1 or > 12)
            {
                await error.WriteLineAsync("error: --weeks must be between 1 and 12.");
                return 2;
            }
            return await WithHostAsync(settings, async services =>
            {
                var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Features.Workforce.WorkforceOptions>>().Value;
                var progress = new Progress<string>(line => error.WriteLine("  " + line));
                List<Features.Workforce.BacktestResult> results;
                string source;
                if (parse.GetValue(demo))
                {
                    var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(
                        services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, options.Zone));
                    var from = today.AddDays(-7 * options.HistoryWeeks);
                    var calendar = DemoHistory.Calendar;
                    results = DemoHistory.Generate(from, today, options.Zone).GroupBy(r => r.Channel)
                        .Select(g => Features.Workforce.Backtest.Run(g.Key,
                            Features.Workforce.ContactHistory.ByLocalDay(g.Select(r => (r.StartUtc, r.Offered)).ToList(), options.Zone, from, today),
                            calendar, held, options.HistoryWeeks, progress))
                        .OfType<Features.Workforce.BacktestResult>().ToList();
                    source = $"demo history ({options.HistoryWeeks} weeks, generated)";
                }
                else
                {
                    await services.MigrateDatabaseAsync(ct);
                    await using var scope = services.CreateAsyncScope();
                    results = await scope.ServiceProvider.GetRequiredService<Features.Workforce.WorkforcePlanner>().BacktestAsync(held, progress, ct);
                    source = Describe(services);
                }
                if (results.Count == 0)
                {
                    await error.WriteLineAsync($"error: not enough contact history in {source} to hold back {held} weeks (needs {held + 2} weeks); load history with POST /api/v1/workforce/history, run with --demo, or seed the demo data.");
                    return 1;
                }
                await output.WriteLineAsync($"Forecast back-test on {source}: {held} held-back weeks, 30-minute intervals.");
                await output.WriteLineAsync($"{"channel",-8} {"contacts",9} {"model MAPE",11} {"model WAPE",11} {"naive MAPE",11} {"naive WAPE",11}  better");
                foreach (var r in results)
                {
                    await output.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"{Http.EnumText.Name(r.Channel),-8} {r.Contacts,9:0} {r.Model.Mape,11:P1} {r.Model.Wape,11:P1} {r.SeasonalNaive.Mape,11:P1} {r.SeasonalNaive.Wape,11:P1}  {(r.ModelWins ? "model" : "naive")}"));
                }
                var won = results.Count(r => r.ModelWins);
                await output.WriteLineAsync($"model beats seasonal-naive on WAPE for {won} of {results.Count} channels");
                return 0;
            });
        });
        var forecast = new Command("forecast", "Peak forecasting (服务高峰时段预测).");
        forecast.Subcommands.Add(backtest);
        return forecast;
    }
}
