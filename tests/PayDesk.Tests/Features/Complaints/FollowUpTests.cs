using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Complaints;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>Callbacks, duplicates and the clock-driven parts of the lifecycle, with a controlled clock.</summary>
public sealed class FollowUpTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private PayDeskFactory _factory = null!;
    private HttpClient _agent = null!;

    public async ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, services: s => s.AddSingleton<TimeProvider>(_clock));
        _agent = await _factory.AdminClientAsync();
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    /// <summary>Moves the clock; bearer tokens live an hour, so the agent signs in again.</summary>
    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        _agent = await _factory.AdminClientAsync();
    }

    private async Task<TicketDto> NewAsync(string phone, string? serial = "T20261125777")
    {
        var response = await _agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "王五", phone }, subject = "转账未到账", description = "转账显示成功但对方没收到",
            category = "funds", amount = new { value = 300m, currency = "CNY" }, transactionId = serial,
        });
        return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
    }

    [Fact]
    public async Task A_scheduled_callback_reaches_the_owners_queue_is_reminded_and_records_its_outcome()
    {
        var ticket = await NewAsync(TestData.NewPhone());
        await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" });
        Assert.Equal(HttpStatusCode.BadRequest, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/callbacks",
            new { dueAt = _clock.GetUtcNow().AddHours(-1), note = "回电" })).StatusCode);
        var scheduled = await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/callbacks", new { dueAt = _clock.GetUtcNow().AddHours(2), note = "客户约下午回电" });
        Assert.Equal(HttpStatusCode.Created, scheduled.StatusCode);
        var callback = (await scheduled.Content.ReadFromJsonAsync<CallbackDto>())!;

        Assert.Empty((await _agent.GetFromJsonAsync<List<CallbackDto>>("/api/v1/callbacks/due"))!);
        await AdvanceAsync(TimeSpan.FromMinutes(110));
        Assert.Equal([callback.Id], (await _agent.GetFromJsonAsync<List<CallbackDto>>("/api/v1/callbacks/due"))!.Select(c => c.Id));
        var sweep = _factory.Services.GetRequiredService<LifecycleSweep>();
        Assert.Equal(1, (await sweep.RunAsync(CancellationToken.None)).Reminded);
        Assert.Equal(0, (await sweep.RunAsync(CancellationToken.None)).Reminded);

        var done = await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/callbacks/{callback.Id}/complete", new { outcome = "reached", note = "已告知退款进度" });
        Assert.Equal("completed", (await done.Content.ReadFromJsonAsync<CallbackDto>())!.Status);
        Assert.Empty((await _agent.GetFromJsonAsync<List<CallbackDto>>("/api/v1/callbacks/due"))!);
        var timeline = (await _agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!.Items;
        Assert.Equal(["scheduled", "reminder", "completed"], timeline.Where(e => e.Kind == "callback").Select(e => System.Text.Json.JsonDocument.Parse(e.Data!).RootElement.GetProperty("step").GetString()));
    }

    [Fact]
    public async Task An_unanswered_solution_counts_as_accepted_after_the_confirmation_period()
    {
        var ticket = await NewAsync(TestData.NewPhone());
        await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "start_work" });
        await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "propose_solution", reason = "款项已到账" });
        var sweep = _factory.Services.GetRequiredService<LifecycleSweep>();

        await AdvanceAsync(TimeSpan.FromDays(6));
        await sweep.RunAsync(CancellationToken.None);
        Assert.Equal("solution_proposed", (await _agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.Status);
        await AdvanceAsync(TimeSpan.FromDays(1.1));
        await sweep.RunAsync(CancellationToken.None);
        Assert.Equal("resolved", (await _agent.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!.Status);
    }

    [Fact]
    public async Task A_duplicate_complaint_about_one_transaction_is_found_and_merged()
    {
        var phone = TestData.NewPhone();
        var first = await NewAsync(phone);
        var second = await NewAsync(phone);
        var related = (await _agent.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{second.Id}/related"))!;
        Assert.Equal([(first.Id, "duplicate")], related.Select(r => (r.Id, r.Relation)));

        var other = await NewAsync(TestData.NewPhone());
        Assert.Equal(HttpStatusCode.BadRequest, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/merge", new { into = other.Number, reason = "重复" })).StatusCode);
        var merged = await _agent.PostAsJsonAsync($"/api/v1/tickets/{second.Id}/merge", new { into = first.Number, reason = "同一笔交易重复投诉" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var closed = (await merged.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(("closed", "merged"), (closed.Status, closed.ResolutionCode));
        Assert.Empty((await _agent.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{first.Id}/related"))!);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            // Closed as any complaint is: no clock left running on it (a walk saw 初步答复, 解决 and 监管时限 "计时中" after a merge).
            Assert.Empty(await db.SlaClocks.Where(c => c.TicketId == second.Id && c.StoppedAt == null).ToListAsync(TestContext.Current.CancellationToken));
            // What it said went with it, as a note on the complaint it was merged into.
            var note = Assert.Single(await db.TicketMessages.Where(m => m.TicketId == first.Id && m.Body.Contains(second.Number)).ToListAsync(TestContext.Current.CancellationToken));
            Assert.Equal(MessageVisibility.Internal, note.Visibility);
            Assert.Contains("转账显示成功但对方没收到", note.Body);
        }

        Assert.Equal(HttpStatusCode.OK, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/links", new { other = other.Id, reason = "同一商户故障" })).StatusCode);
        Assert.Equal([(first.Id, "linked")], (await _agent.GetFromJsonAsync<List<RelatedDto>>($"/api/v1/tickets/{other.Id}/related"))!.Select(r => (r.Id, r.Relation)));
    }

    public sealed record CallbackDto(Guid Id, Guid TicketId, DateTime DueAt, string Status);

    public sealed record RelatedDto(Guid Id, string Number, string Status, string Relation);
}
