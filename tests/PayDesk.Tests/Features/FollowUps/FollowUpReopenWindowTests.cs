using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.FollowUps;

/// <summary>
/// 回访 "problem back" against the reopen window (Lifecycle:ReopenWindowDays, 14 days), on a controlled clock: a complaint
/// closed 13 days ago is reopened; one closed 15 days ago stays closed and a new complaint, linked to it, is filed.
/// </summary>
public sealed class FollowUpReopenWindowTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private PayDeskFactory _factory = null!;
    private HttpClient _staff = null!;

    public async ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, services: s => s.AddSingleton<TimeProvider>(_clock));
        _staff = await _factory.AdminClientAsync();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Moves the clock; bearer tokens live an hour, so staff sign in again.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        _staff = await _factory.AdminClientAsync();
    }

    private async Task FireAsync(Guid ticket, string trigger, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["trigger"] = trigger, ["reason"] = trigger == "propose_solution" ? "已向您说明到账时间" : null };
        if (extra is not null) foreach (var p in extra.GetType().GetProperties()) body[p.Name] = p.GetValue(extra);
        var response = await _staff.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{trigger}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>An escalated complaint (so the rules plan a visit) worked, resolved and closed now.</summary>
    private async Task<TicketDto> ClosedComplaintAsync()
    {
        var created = await _staff.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "周九", phone = TestData.NewPhone() }, subject = "退款未到账", description = "退款 500 元一周未到账",
            category = "refund", amount = new { value = 500m, currency = "CNY" }, transactionId = "T2026112500777",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        await FireAsync(ticket.Id, "start_work");
        Assert.Equal(HttpStatusCode.OK, (await _staff.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/escalate", new { reason = "客户多次来电" })).StatusCode);
        await FireAsync(ticket.Id, "propose_solution");
        await FireAsync(ticket.Id, "accept_solution");
        await FireAsync(ticket.Id, "close", new { rootCause = "bank_delay", resolutionCode = "refunded" });
        return ticket;
    }

    private async Task<FollowUpDto> VisitOfAsync(string number)
    {
        var page = (await _staff.GetFromJsonAsync<PageDto<FollowUpDto>>($"/api/v1/followups?status=all&pageSize=100&ticket={number}"))!;
        return Assert.Single(page.Items, t => t.TicketNumber == number);
    }

    private async Task<FollowUpDto> ProblemBackAsync(FollowUpDto visit, string note)
    {
        var response = await _staff.PostAsJsonAsync($"/api/v1/followups/{visit.Id}/attempts", new { method = "call", result = "problem_back", note });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FollowUpDto>())!;
    }

    [Fact]
    public async Task Problem_back_past_the_reopen_window_files_a_linked_new_complaint_and_within_it_reopens()
    {
        var saved = await _staff.PutAsJsonAsync("/api/v1/followups/rules", new
        {
            escalated = true, refundAbove = 200m, refundCurrency = "CNY", csatAtOrBelow = 3, sampleShare = 0m, delayWorkingDays = 3, maxAttempts = 3, retryWorkingDays = 1,
        });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        var old = await ClosedComplaintAsync();
        await AdvanceAsync(TimeSpan.FromDays(2));
        var recent = await ClosedComplaintAsync();
        var oldVisit = await VisitOfAsync(old.Number);
        var recentVisit = await VisitOfAsync(recent.Number);
        Assert.Equal(("open", "open"), (oldVisit.Status, recentVisit.Status));

        // Day 15: the first complaint was closed 15 days ago, the second 13.
        await AdvanceAsync(TimeSpan.FromDays(13));
        var filedVisit = await ProblemBackAsync(oldVisit, "客户说退款又被退回了，钱还是没到账");
        Assert.Equal("problem_back", filedVisit.Status);
        Assert.NotNull(filedVisit.FollowOnNumber);
        Assert.NotEqual(old.Number, filedVisit.FollowOnNumber);

        // The old complaint stays closed and was not reopened.
        var stayed = (await _staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{old.Id}"))!;
        Assert.Equal(("closed", 0), (stayed.Status, stayed.ReopenCount));
        // The new one exists, for the same customer and transaction, says what came back, and is linked both ways.
        var filed = (await _staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{filedVisit.FollowOnNumber}"))!;
        Assert.Equal((old.Customer.Id, "T2026112500777", "refund"), (filed.Customer.Id, filed.TransactionId, filed.Category));
        Assert.Contains(old.Number, filed.Subject);
        Assert.Equal("客户说退款又被退回了，钱还是没到账", filed.Description);
        Assert.NotEqual("closed", filed.Status);
        Assert.Contains((await _staff.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{old.Id}/related"))!,
            r => r.Id == filed.Id && r.Relation == "linked");
        Assert.Contains((await _staff.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{filed.Id}/related"))!,
            r => r.Id == old.Id && r.Relation == "linked");

        // Within the window the same complaint is reopened, and no new one is filed.
        var reopenedVisit = await ProblemBackAsync(recentVisit, "客户说问题又出现了");
        Assert.Equal(("problem_back", recent.Number), (reopenedVisit.Status, reopenedVisit.FollowOnNumber));
        var reopened = (await _staff.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{recent.Id}"))!;
        Assert.Equal(1, reopened.ReopenCount);
        Assert.NotEqual("closed", reopened.Status);
        Assert.DoesNotContain((await _staff.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{recent.Id}/related"))!, r => r.Relation == "linked");
    }

    public sealed record FollowUpDto(Guid Id, string TicketNumber, string Status, int Attempts, string? FollowOnNumber);

    public sealed record RelatedDto(Guid Id, string Number, string Status, string Relation);
}
