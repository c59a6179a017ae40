using System.CommandLine;
using PayDesk.Infrastructure.Cli;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;

namespace PayDesk.Features.Workforce;

/// <summary>The `paydesk forecast` verbs.</summary>
internal static class WorkforceCommands
{
    /// <summary>`paydesk forecast backtest --weeks 4 [--demo]`.</summary>
    public static Command Forecast(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings)
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
            return await PayDeskCli.WithHostAsync(settings, async services =>
            {
                var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WorkforceOptions>>().Value;
                var progress = new Progress<string>(line => error.WriteLine("  " + line));
                List<BacktestResult> results;
                string source;
                if (parse.GetValue(demo))
                {
                    var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(
                        services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, options.Zone));
                    var from = today.AddDays(-7 * options.HistoryWeeks);
                    var calendar = DemoHistory.Calendar;
                    results = DemoHistory.Generate(from, today, options.Zone).GroupBy(r => r.Channel)
                        .Select(g => Backtest.Run(g.Key,
                            ContactHistory.ByLocalDay(g.Select(r => (r.StartUtc, r.Offered)).ToList(), options.Zone, from, today),
                            calendar, held, options.HistoryWeeks, progress))
                        .OfType<BacktestResult>().ToList();
                    source = $"demo history ({options.HistoryWeeks} weeks, generated)";
                }
                else
                {
                    await services.MigrateDatabaseAsync(ct);
                    await using var scope = services.CreateAsyncScope();
                    results = await scope.ServiceProvider.GetRequiredService<WorkforcePlanner>().BacktestAsync(held, progress, ct);
                    source = PayDeskCli.Describe(services);
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
                        $"{EnumText.Name(r.Channel),-8} {r.Contacts,9:0} {r.Model.Mape,11:P1} {r.Model.Wape,11:P1} {r.SeasonalNaive.Mape,11:P1} {r.SeasonalNaive.Wape,11:P1}  {(r.ModelWins ? "model" : "naive")}"));
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
