using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Workforce;

internal static class WorkforceEndpoints
{
    public static WebApplicationBuilder AddWorkforce(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkforceOptions>().Bind(builder.Configuration.GetSection("Workforce"))
            .Validate(o => o.Shrinkage is >= 0 and < 0.9, "Workforce:Shrinkage must be between 0 and 0.9.")
            .Validate(o => o.HistoryWeeks is >= 2 and <= 156, "Workforce:HistoryWeeks must be between 2 and 156.")
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _), "Workforce:TimeZone is not a known time zone.")
            .Validate(o => o.Channels.Values.All(c => c.HandleSeconds > 0 && c.ServiceLevel is > 0 and < 1 && c.Concurrency >= 1 && c.MaxOccupancy is > 0 and <= 1),
                "Workforce:Channels need a positive handle time, a service level between 0 and 1, concurrency of at least 1 and occupancy up to 1.")
            .ValidateOnStart();
        builder.Services.AddScoped<WorkforcePlanner>();
        builder.Services.AddHostedService<ContactRollup>();
        return builder;
    }

    public static RouteGroupBuilder MapWorkforce(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/workforce").WithTags("Workforce").RequireAuthorization(Policies.Supervisor);
        group.MapGet("/forecast", GetForecast.HandleAsync).WithName("Forecast")
            .WithSummary("Contacts per 30-minute interval for up to 28 days, with the actual where known (format=csv to export).");
        group.MapGet("/staffing", GetStaffing.HandleAsync).WithName("Staffing")
            .WithSummary("Agents needed per interval of a day (Erlang C, shrinkage), the suggested roster and over/under-staffing (format=csv to export).");
        group.MapGet("/roster", GetWeekRoster.HandleAsync).WithName("WeekRoster")
            .WithSummary("The suggested roster for seven days from a date: agents per shift per day, agent-hours, understaffed intervals (format=csv to export).");
        group.MapGet("/backtest", RunBacktest.HandleAsync).WithName("ForecastBacktest")
            .WithSummary("Forecast accuracy (MAPE, WAPE) on held-back weeks against the seasonal-naive forecast.");
        group.MapGet("/marked-days", ListMarkedDays.HandleAsync).WithName("ListMarkedDays").WithSummary("Promotions and other marked days, newest first.");
        group.MapPost("/marked-days", MarkDay.HandleAsync).WithName("MarkDay").WithSummary("Mark a day (a promotion, an outage) the forecast should treat apart.");
        group.MapDelete("/marked-days/{id:guid}", UnmarkDay.HandleAsync).WithName("UnmarkDay").WithSummary("Remove a marked day.");
        group.MapPost("/history", ImportContactHistory.HandleAsync).WithName("ImportContactHistory").Accepts<string>("text/csv")
            .WithSummary("Load contact history from an earlier system: CSV channel,interval_start,offered[,handled,handle_seconds]; all lines or none.");
        return api;
    }
}
