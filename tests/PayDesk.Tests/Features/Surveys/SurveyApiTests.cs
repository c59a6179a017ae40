using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Surveys;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Surveys;

/// <summary>Satisfaction surveys after resolution: signed single-use links, portal answers, NPS on schedule. On both databases.</summary>
public abstract class SurveyApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static Task<HttpResponseMessage> FireAsync(HttpClient client, Guid ticket, string trigger, string? reason = null) =>
        client.PostAsJsonAsync($"/api/v1/tickets/{ticket}/transitions", new { trigger, reason });

    private async Task<(HttpClient Customer, HttpClient Agent, TicketDto Ticket)> ResolvedComplaintAsync()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var (agent, _) = await host.NewStaffClientAsync("agent", "王芳");
        var created = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "商家说已退款，一周了还没到账", category = "refund" });
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "acknowledge")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "start_work")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(agent, ticket.Id, "propose_solution", "退款已到账")).StatusCode);
        return (customer, agent, ticket);
    }

    [Fact]
    public async Task A_resolved_complaint_gets_one_survey_by_signed_link_that_takes_one_answer()
    {
        var (customer, agent, ticket) = await ResolvedComplaintAsync();
        // Not resolved yet: no survey.
        Assert.Equal(HttpStatusCode.NotFound, (await customer.GetAsync($"/api/v1/tickets/{ticket.Id}/survey")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(customer, ticket.Id, "accept_solution")).StatusCode);

        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            Assert.True(await scope.ServiceProvider.GetRequiredService<SurveyService>().SendDueAsync(100, CancellationToken.None) >= 1);
        }
        await Factory.DispatchNotificationsAsync();
        var mail = Factory.Outbox("email").Last(m => m.Body.Contains("/survey/") && m.Subject!.Contains(ticket.Number));
        var token = Regex.Match(mail.Body, @"/survey/(\S+)").Groups[1].Value;

        var anonymous = Factory.CreateClient();
        var survey = (await anonymous.GetFromJsonAsync<SurveyDto>($"/api/v1/surveys/{token}"))!;
        Assert.Equal(("csat", ticket.Number, 1, 5, false), (survey.Kind, survey.TicketNumber, survey.ScaleMin, survey.ScaleMax, survey.Answered));

        var bad = await anonymous.PostAsJsonAsync($"/api/v1/surveys/{token}", new { score = 6 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("score", (await bad.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        var answered = await anonymous.PostAsJsonAsync($"/api/v1/surveys/{token}", new { score = 4, firstContactResolved = true, comment = "处理很快" });
        Assert.True(answered.StatusCode == HttpStatusCode.OK, await answered.Content.ReadAsStringAsync());
        var answer = (await answered.Content.ReadFromJsonAsync<SurveyDto>())!;
        Assert.True(answer.Answered && answer.Score == 4, await answered.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await anonymous.PostAsJsonAsync($"/api/v1/surveys/{token}", new { score = 1 })).StatusCode);
        // The portal shows the same, already answered survey; a second answer there is refused too.
        Assert.Equal(4, (await customer.GetFromJsonAsync<SurveyDto>($"/api/v1/tickets/{ticket.Id}/survey"))!.Score);
        Assert.Equal(HttpStatusCode.Conflict, (await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/survey", new { score = 2 })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/v1/surveys/{token[..^4]}AAAA")).StatusCode);
        var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!;
        Assert.Contains(timeline.Items, e => e.Kind == "survey" && e.Reason == "处理很快");

        var admin = await Factory.AdminClientAsync();
        var list = (await admin.GetFromJsonAsync<PageDto<SurveyRowDto>>("/api/v1/surveys?kind=csat&answered=true&pageSize=100"))!;
        var row = Assert.Single(list.Items, r => r.TicketNumber == ticket.Number);
        Assert.Equal((4, true, "refund", "web"), (row.Score!.Value, row.FirstContactResolved!.Value, row.Category, row.Channel));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/v1/surveys")).StatusCode);
    }

    [Fact]
    public async Task The_customer_rates_in_the_portal_and_only_their_own_complaint()
    {
        var (customer, agent, ticket) = await ResolvedComplaintAsync();
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(customer, ticket.Id, "accept_solution")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/survey", new { score = 5 })).StatusCode);
        var (other, _) = await host.NewCustomerClientAsync(await Factory.AdminClientAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/survey", new { score = 5 })).StatusCode);
        var rated = await customer.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/survey", new { score = 2, firstContactResolved = false, comment = "等了太久" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        Assert.Equal((2, false), (await agent.GetFromJsonAsync<SurveyDto>($"/api/v1/tickets/{ticket.Id}/survey")) is { } s ? (s.Score!.Value, s.FirstContactResolved!.Value) : default);
    }

    [Fact]
    public async Task Customers_with_a_recent_resolution_are_asked_the_nps_question_once_per_interval()
    {
        var (customer, _, ticket) = await ResolvedComplaintAsync();
        Assert.Equal(HttpStatusCode.OK, (await FireAsync(customer, ticket.Id, "accept_solution")).StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var surveys = scope.ServiceProvider.GetRequiredService<SurveyService>();
        await surveys.SendDueAsync(1000, CancellationToken.None);
        await surveys.SendDueAsync(1000, CancellationToken.None);
        var admin = await Factory.AdminClientAsync();
        var nps = (await admin.GetFromJsonAsync<PageDto<SurveyRowDto>>("/api/v1/surveys?kind=nps&pageSize=100"))!.Items;
        var mine = await customer.GetFromJsonAsync<SurveyDto>($"/api/v1/tickets/{ticket.Id}/survey");
        Assert.NotNull(mine);
        await Factory.DispatchNotificationsAsync();
        var npsMail = Factory.Outbox("email").Where(m => m.Body.Contains("0–10") && m.Body.Contains("/survey/")).ToList();
        Assert.NotEmpty(npsMail);
        var token = Regex.Match(npsMail[^1].Body, @"/survey/(\S+)").Groups[1].Value;
        var anonymous = Factory.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await anonymous.PostAsJsonAsync($"/api/v1/surveys/{token}", new { score = 11 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync($"/api/v1/surveys/{token}", new { score = 0 })).StatusCode);
        // One NPS per customer per interval, however often the schedule runs.
        Assert.Equal(nps.Count, nps.Select(n => n.Id).Distinct().Count());
        Assert.Equal(nps.Count, (await admin.GetFromJsonAsync<PageDto<SurveyRowDto>>("/api/v1/surveys?kind=nps&pageSize=100"))!.Items.Count);
    }

    [Fact]
    public async Task Chats_and_answered_calls_with_a_known_customer_are_surveyed_once()
    {
        var admin = await Factory.AdminClientAsync();
        var (_, customerId) = await host.NewCustomerClientAsync(admin);
        var (_, agentId) = await host.NewStaffClientAsync("agent");
        var now = DateTime.UtcNow;
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
        var chat = new PayDesk.Features.Channels.Chat.Conversation
        {
            VisitorName = "测试客户", CustomerId = customerId, AgentId = agentId, StartedAt = now.AddMinutes(-20), AcceptedAt = now.AddMinutes(-19),
            EndedAt = now.AddMinutes(-5), Status = PayDesk.Features.Channels.Chat.ConversationStatus.Ended,
        };
        var call = new PayDesk.Features.Channels.Phone.CallRecord
        {
            CallId = "call-" + Guid.NewGuid().ToString("N"), CustomerId = customerId, AgentId = agentId, StartedAt = now.AddMinutes(-30),
            AnsweredAt = now.AddMinutes(-29), EndedAt = now.AddMinutes(-25), State = PayDesk.Features.Channels.Phone.CallState.Ended, UpdatedAt = now,
        };
        // A call nobody answered is not surveyed.
        var missed = new PayDesk.Features.Channels.Phone.CallRecord
        {
            CallId = "call-" + Guid.NewGuid().ToString("N"), CustomerId = customerId, StartedAt = now.AddMinutes(-30), EndedAt = now.AddMinutes(-29),
            State = PayDesk.Features.Channels.Phone.CallState.Abandoned, UpdatedAt = now,
        };
        db.AddRange(chat, call, missed);
        await db.SaveChangesAsync();

        var surveys = scope.ServiceProvider.GetRequiredService<SurveyService>();
        await surveys.SendDueAsync(1000, CancellationToken.None);
        await surveys.SendDueAsync(1000, CancellationToken.None);
        var mine = db.Surveys.Where(s => s.CustomerId == customerId && s.Kind == SurveyKind.Csat).ToList();
        Assert.Equal([("Call", call.Id as Guid?), ("Chat", (Guid?)null)], mine.OrderBy(s => s.Subject.ToString()).Select(s => (s.Subject.ToString(), s.CallId)));
        Assert.Equal(chat.Id, mine.Single(s => s.Subject == SurveySubject.Chat).ConversationId);
        Assert.All(mine, s => Assert.Equal(agentId, s.OwnerId));
    }

    public sealed record SurveyDto(Guid Id, string Kind, string Subject, string? TicketNumber, int ScaleMin, int ScaleMax, bool Answered, int? Score, bool? FirstContactResolved, string? Comment);

    public sealed record SurveyRowDto(Guid Id, string Kind, string? TicketNumber, string? Channel, string? Category, string? Team, int? Score, bool? FirstContactResolved, string? Comment);
}

public sealed class SurveyApiSqliteTests(SqliteHost host) : SurveyApiTests(host), IClassFixture<SqliteHost>;

public sealed class SurveyApiPostgresTests(PostgresHost host) : SurveyApiTests(host), IClassFixture<PostgresHost>;
