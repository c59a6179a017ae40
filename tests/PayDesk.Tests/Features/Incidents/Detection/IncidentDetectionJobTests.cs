using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Complaints;
using PayDesk.Features.Customers;
using PayDesk.Features.Incidents;
using PayDesk.Features.Incidents.Detection;
using PayDesk.Features.Workforce;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Incidents.Detection;

/// <summary>The minute job on a real database with a simulated clock: the outage becomes one suggestion, told once.</summary>
public sealed class IncidentDetectionJobTests : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 9, 16);
    private static readonly DateTime Start = DetectionSimulation.Utc(Today, 10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Start.AddMinutes(-30)));
    private PayDeskFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Incidents:Detection:Enabled"] = "false" },
            services: s => s.AddSingleton<TimeProvider>(_clock));
        _factory.StartServer();

        // Four weeks of contact history for the forecaster, two days and this morning of complaints, and the outage.
        var traffic = DetectionSimulation.Generate(Today.AddDays(-28), Today.AddDays(1));
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var todayUtc = DetectionSimulation.Utc(Today, 0);
        db.ContactIntervals.AddRange(DemoHistory.Generate(Today.AddDays(-28), Today, DetectionSimulation.Zone));
        var customer = new Customer { Name = "模拟客户" };
        db.Customers.Add(customer);
        var complaints = traffic.Arrivals.Where(a => a.At >= todayUtc.AddDays(-2) && a.At < Start.AddMinutes(30))
            .Concat(DetectionSimulation.Outage(Start, 200, 10, "招商银行", [TicketChannel.App, TicketChannel.Phone, TicketChannel.Chat]))
            .ToList();
        var n = 0;
        db.Tickets.AddRange(complaints.Select(a => new Ticket
        {
            Number = $"SIM{++n:D7}", Channel = a.Channel, CustomerId = customer.Id, Subject = a.Text, Description = a.Text,
            Category = a.Category, Bank = a.Bank, CreatedAt = a.At, UpdatedAt = a.At,
        }));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private async Task<DetectionRound> RunAtAsync(DateTime utc)
    {
        _clock.SetUtcNow(new DateTimeOffset(utc));
        await using var scope = _factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IncidentDetection>().RunAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_outage_is_suggested_within_five_minutes_once_and_supervisors_are_told_once()
    {
        var ct = TestContext.Current.CancellationToken;
        // The normal half hour before the outage raises nothing.
        for (var at = Start.AddMinutes(-30); at <= Start; at = at.AddMinutes(5)) Assert.Equal(0, (await RunAtAsync(at)).Raised);

        int? raisedAfter = null;
        for (var minute = 1; minute <= 10; minute++)
        {
            var round = await RunAtAsync(Start.AddMinutes(minute));
            if (round.Raised > 0) raisedAfter ??= minute;
            Assert.True(round.Raised <= 1, $"minute {minute}: {round}");
        }
        // A second node running the same minute finds the open suggestion and only extends it.
        await RunAtAsync(Start.AddMinutes(10));

        var admin = await _factory.AdminClientAsync();
        var page = await admin.GetFromJsonAsync<PageDto>("/api/v1/incidents/suggestions", ct);
        var suggestion = Assert.Single(page!.Items);
        TestContext.Current.TestOutputHelper?.WriteLine($"[figure] incident detection job: suggested after {raisedAfter} simulated min: "
            + $"{suggestion.Title} (observed {suggestion.Observed}, expected {suggestion.Expected:0.00}, cluster {suggestion.ClusterSize})");
        Assert.NotNull(raisedAfter);
        Assert.True(raisedAfter <= 5, $"raised after {raisedAfter} minutes");
        Assert.Equal("CMB", suggestion.Bank);
        Assert.Equal("transaction_failure", suggestion.Category);
        Assert.Contains("招商银行", suggestion.Title);
        Assert.Contains("交易失败", suggestion.Title);
        // The scope only: the title becomes the incident's, sent to every linked customer; one complaint's words stay with staff.
        Assert.Equal("疑似故障：招商银行 · 交易失败", suggestion.Title);
        Assert.True(suggestion.Observed >= 150, $"observed {suggestion.Observed}");
        Assert.Equal(Start.AddMinutes(10), suggestion.WindowEnd);
        Assert.NotNull(suggestion.NotifiedAt);
        var alerts = _factory.Services.GetRequiredService<SuggestionAlerts>();
        Assert.Single(alerts.Recent, a => a.SuggestionId == suggestion.Id);
        Assert.Single(alerts.Recent);

        // The database itself refuses a second open suggestion for the scope (two nodes racing to insert).
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var key = (await db.Set<IncidentSuggestion>().SingleAsync(ct)).ScopeKey;
        db.Set<IncidentSuggestion>().Add(new IncidentSuggestion { Title = "dup", ScopeKey = key, Status = IncidentSuggestionStatus.Open, DetectedAt = Start });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
    }

    private sealed record PageDto(List<SuggestionDto> Items, int Total);

    private sealed record SuggestionDto(Guid Id, string Title, string? Bank, string? Category, int Observed, double Expected, int ClusterSize,
        DateTime WindowEnd, DateTime? NotifiedAt);
}
