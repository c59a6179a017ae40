using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PayDesk.Features.Quality;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Quality;

/// <summary>
/// The automatic review judged from complaints' real timelines and clocks, worked through the API on a controlled clock
/// (Wednesday 25 November 2026, 10:00 Beijing): 先核实后披露 from the order of the agent's disclosure and the customer's
/// verification, and the first response from the complaint's own first-response clock.
/// </summary>
public sealed class AutomaticReviewTimelineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 2, 0, 0, TimeSpan.Zero));
    private PayDeskFactory _factory = null!;
    private HttpClient _agent = null!;

    private const string IdNumber = "11010519491231002X";

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

    private Task<HttpResponseMessage> FireAsync(Guid ticket, string trigger, string? reason = null) =>
        _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger, reason });

    private async Task<(Guid Id, string Phone)> NewAsync(string serial)
    {
        var phone = TestData.NewPhone();
        var created = await _agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "孙八", phone, idNumber = IdNumber }, subject = "重复扣款", description = "同一笔订单扣了两次钱",
            category = "funds", amount = new { value = 88m, currency = "CNY" }, transactionId = serial,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return ((await created.Content.ReadFromJsonAsync<TicketDto>())!.Id, phone);
    }

    private async Task ReplyAsync(Guid ticket, string body) =>
        Assert.Equal(HttpStatusCode.Created, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/messages", new { body, visibility = "public" })).StatusCode);

    private async Task VerifyAsync(Guid ticket, string phone) =>
        Assert.Equal(HttpStatusCode.OK, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{ticket}/verification/id-check",
            new { idNumberLast6 = IdNumber[^6..], phone })).StatusCode);

    private async Task ResolveAsync(Guid ticket)
    {
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(ticket, "propose_solution", "已向您说明扣款原因")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(ticket, "accept_solution")).StatusCode);
    }

    private async Task<Dictionary<string, ItemDto>> ReviewOfAsync(Guid ticket)
    {
        var review = (await _agent.GetFromJsonAsync<ReviewDto>($"/api/v1/quality/automatic-reviews/complaint/{ticket}"))!;
        return review.Items.ToDictionary(i => i.Key);
    }

    private Task<int> RunJobAsync() => _factory.Services.GetRequiredService<AutomaticReviewJob>().RunAsync(CancellationToken.None);

    [Fact]
    public async Task Account_data_told_before_verification_fails_the_item_and_after_verification_passes()
    {
        // 1. The agent names the customer's transaction in a reply, then verifies the customer two minutes later.
        var (early, earlyPhone) = await NewAsync("T2026112500501");
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(early, "start_work")).StatusCode);
        // The product itself refuses a transaction look-up before verification …
        Assert.Equal(HttpStatusCode.Forbidden, (await _agent.PostAsync($"/api/v1/tickets/{early}/evidence", null)).StatusCode);
        // … but the agent tells the account data anyway, in words.
        var toldAt = _clock.GetUtcNow().UtcDateTime;
        await ReplyAsync(early, "您好，您的交易 T2026112500501 确实被扣款两次，我们会退回一笔。");
        await AdvanceAsync(TimeSpan.FromMinutes(2));
        await VerifyAsync(early, earlyPhone);
        Assert.Equal(HttpStatusCode.Created, (await _agent.PostAsync($"/api/v1/tickets/{early}/evidence", null)).StatusCode);
        await ResolveAsync(early);

        // 2. The same work in the right order: verified first, then the look-up and the reply naming the transaction.
        var (proper, properPhone) = await NewAsync("T2026112500502");
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(proper, "start_work")).StatusCode);
        await VerifyAsync(proper, properPhone);
        await AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Created, (await _agent.PostAsync($"/api/v1/tickets/{proper}/evidence", null)).StatusCode);
        await ReplyAsync(proper, "您好，已核实身份。您的交易 T2026112500502 确实被扣款两次，我们会退回一笔。");
        await ResolveAsync(proper);

        Assert.True(await RunJobAsync() >= 2);
        var failed = (await ReviewOfAsync(early))[AutomaticReviewRules.Items.VerificationBeforeDisclosure];
        Assert.Equal((0m, 15m), (failed.Points, failed.MaxPoints));
        // The evidence is the moment of the first disclosure: the reply, not the later look-up.
        Assert.Equal(toldAt.ToString("yyyy-MM-dd'T'HH:mm'Z'"), failed.Detail);
        var passed = (await ReviewOfAsync(proper))[AutomaticReviewRules.Items.VerificationBeforeDisclosure];
        Assert.Equal((15m, 15m, (string?)null), (passed.Points, passed.MaxPoints, passed.Detail));
    }

    [Fact]
    public async Task The_first_public_reply_after_the_target_fails_the_first_response_and_one_within_it_passes()
    {
        // An app complaint's first response is due in 30 minutes; the acknowledgement is never delivered here (the
        // outbox is not dispatched), so only a public reply from staff stops the clock.
        var (late, _) = await NewAsync("T2026112500601");
        var (prompt, _) = await NewAsync("T2026112500602");
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(late, "start_work")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(prompt, "start_work")).StatusCode);
        // An internal note is not a response to the customer.
        Assert.Equal(HttpStatusCode.Created, (await _agent.PostAsJsonAsync($"/api/v1/tickets/{late}/messages", new { body = "先查一下流水", visibility = "internal" })).StatusCode);

        await AdvanceAsync(TimeSpan.FromMinutes(10));
        await ReplyAsync(prompt, "您好，我们已收到您的投诉，正在核实。");
        await AdvanceAsync(TimeSpan.FromMinutes(30));                        // 40 minutes after the late one was opened
        await ReplyAsync(late, "您好，我们已收到您的投诉，正在核实。");

        var clocks = (await _agent.GetFromJsonAsync<List<ClockDto>>($"/api/v1/tickets/{late}/sla"))!.ToDictionary(c => c.Kind);
        Assert.Equal("breached", clocks["first_response"].Status);
        clocks = (await _agent.GetFromJsonAsync<List<ClockDto>>($"/api/v1/tickets/{prompt}/sla"))!.ToDictionary(c => c.Kind);
        Assert.Equal("met", clocks["first_response"].Status);

        await ResolveAsync(late);
        await ResolveAsync(prompt);
        Assert.True(await RunJobAsync() >= 2);
        var failed = (await ReviewOfAsync(late))[AutomaticReviewRules.Items.FirstResponse];
        Assert.Equal((0m, 10m, "breached"), (failed.Points, failed.MaxPoints, failed.Detail));
        var passed = (await ReviewOfAsync(prompt))[AutomaticReviewRules.Items.FirstResponse];
        Assert.Equal((10m, 10m, (string?)null), (passed.Points, passed.MaxPoints, passed.Detail));
    }

    public sealed record ItemDto(string Key, decimal Points, decimal MaxPoints, string? Detail);

    public sealed record ReviewDto(string Subject, Guid SubjectId, string Reference, double? Score, List<ItemDto> Items);

    public sealed record ClockDto(string Kind, string Status);
}
