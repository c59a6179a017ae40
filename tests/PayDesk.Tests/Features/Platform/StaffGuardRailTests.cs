using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Complaints;
using PayDesk.Features.Knowledge;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Features.Complaints;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// What one agent alone must not be able to do, found by an authorisation review: publish an internal article by changing
/// its visibility, bind their own phone to a customer and sign in as them, get a refund past the second person by editing
/// the complaint's money facts first, read another agent's chat.
/// </summary>
public abstract class StaffGuardRailTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static async Task<T> OkAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>(ChatTests.Json))!;
    }

    [Fact]
    public async Task An_agent_cannot_make_a_published_internal_article_public_or_move_it()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "知识主管");
        var (agent, _) = await host.NewStaffClientAsync("agent", "知识坐席");
        var slug = "internal-" + Guid.NewGuid().ToString("N")[..6];
        object Body(string visibility, string at) => new
        {
            slug = at, locale = "zh-CN", title = "内部退款口径", category = "refunds", visibility, body = "仅供坐席：客户 13800138000 的退款按例外处理。",
        };
        var created = await OkAsync<ArticleResponse>(await supervisor.PostAsJsonAsync("/api/v1/kb/manage/articles", Body("internal", slug)));
        // Typed numbers are masked in help articles too.
        Assert.Contains("138****8000", created.Body);
        await OkAsync<ArticleResponse>(await supervisor.PostAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}/workflow", new { action = "publish" }));

        var refused = await agent.PutAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}", Body("public", slug));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("visibility", (await refused.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PutAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}", Body("internal", slug + "-x"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Factory.CreateClient().GetAsync($"/api/v1/kb/articles/{slug}")).StatusCode);
        // Editing its text stays open to agents (it goes back to review); a supervisor may change where it is shown.
        await OkAsync<ArticleResponse>(await agent.PutAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}", Body("internal", slug)));
        await OkAsync<ArticleResponse>(await supervisor.PutAsJsonAsync($"/api/v1/kb/manage/articles/{created.Id}", Body("public", slug)));
    }

    [Fact]
    public async Task An_agent_cannot_replace_a_customers_bound_phone_and_a_supervisor_doing_so_signs_the_customer_out()
    {
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "号码主管");
        var (agent, _) = await host.NewStaffClientAsync("agent", "号码坐席");
        var (customer, customerId) = await host.NewCustomerClientAsync(supervisor);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/v1/auth/me")).StatusCode);

        var takeover = await agent.PatchAsJsonAsync($"/api/v1/customers/{customerId}", new { phone = TestData.NewPhone() });
        Assert.Equal(HttpStatusCode.BadRequest, takeover.StatusCode);
        Assert.Contains("phone", (await takeover.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);
        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PatchAsJsonAsync($"/api/v1/customers/{customerId}", new { email = $"x{TestData.NewPhone()}@example.cn" })).StatusCode);
        // Other details stay editable by agents; the customer is still signed in.
        Assert.Equal(HttpStatusCode.OK, (await agent.PatchAsJsonAsync($"/api/v1/customers/{customerId}", new { region = "上海" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync("/api/v1/auth/me")).StatusCode);

        var newEmail = $"new{TestData.NewPhone()}@example.cn";
        Assert.Equal(HttpStatusCode.OK, (await supervisor.PatchAsJsonAsync($"/api/v1/customers/{customerId}", new { phone = TestData.NewPhone(), email = newEmail })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await customer.GetAsync("/api/v1/auth/me")).StatusCode);
        // The API and the audit log show the address masked, as the pages do.
        Assert.Equal(PersonalData.MaskEmail(newEmail), (await supervisor.GetFromJsonAsync<CustomerDto>($"/api/v1/customers/{customerId}"))!.Email);
        await using var scope = Factory.Services.CreateAsyncScope();
        var audit = await scope.ServiceProvider.GetRequiredService<AppDbContext>().AuditEntries.AsNoTracking().Where(a => a.EntityId == customerId).ToListAsync();
        Assert.Contains(audit, a => a.Changes.Contains(PersonalData.MaskEmail(newEmail)));
        Assert.DoesNotContain(audit, a => a.Changes.Contains(newEmail));
    }

    [Fact]
    public async Task A_refund_waits_for_a_second_person_when_staff_replaced_the_complaints_money_facts()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent", "改单坐席");
        async Task<TicketDto> FileAsync() => await OkAsync<TicketDto>(await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "钱先生", phone = TestData.NewPhone() }, subject = "重复扣款", description = "扣了两次",
            category = "funds", amount = new { value = 100m, currency = "CNY" }, transactionId = "T" + Guid.NewGuid().ToString("N")[..12],
        }));
        async Task<string> RefundAsync(Guid ticket) => (await OkAsync<ComplaintJourneyTests.ActionDto>(await agent.PostAsJsonAsync(
            $"/api/v1/tickets/{ticket}/actions", new { kind = "refund", amount = new { value = 90m, currency = "CNY" }, note = "退回重复扣款" }))).Status;

        // Untouched facts: a small refund within the disputed amount is approved at once.
        var plain = await FileAsync();
        await Factory.MarkVerifiedAsync(plain.Id);
        Assert.Equal("approved", await RefundAsync(plain.Id));

        // The serial cleared first (it would have shown the debit already reversed): the refund waits.
        var edited = await FileAsync();
        await Factory.MarkVerifiedAsync(edited.Id);
        Assert.Equal(HttpStatusCode.OK, (await agent.PatchAsJsonAsync($"/api/v1/tickets/{edited.Id}", new { transactionId = (string?)null })).StatusCode);
        var response = await agent.PostAsJsonAsync($"/api/v1/tickets/{edited.Id}/actions", new { kind = "refund", amount = new { value = 90m, currency = "CNY" }, note = "退回" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var action = await db.ResolutionActions.AsNoTracking().SingleAsync(a => a.TicketId == edited.Id);
        Assert.Equal((ResolutionStatus.PendingApproval, "facts_edited"), (action.Status, action.ApprovalReason));
    }

    [Fact]
    public async Task An_agent_reads_their_own_and_waiting_chats_but_not_another_agents()
    {
        var (owner, ownerId) = await host.NewStaffClientAsync("agent", "会话坐席");
        var (other, _) = await host.NewStaffClientAsync("agent", "旁观坐席");
        var (supervisor, _) = await host.NewStaffClientAsync("supervisor", "会话主管");
        Guid taken, waiting;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var now = DateTime.UtcNow;
            var mine = new Conversation { VisitorName = "访客甲", Status = ConversationStatus.Active, AgentId = ownerId, AgentName = "会话坐席", StartedAt = now, LastMessageAt = now };
            var queued = new Conversation { VisitorName = "访客乙", Status = ConversationStatus.Waiting, StartedAt = now, LastMessageAt = now };
            db.Conversations.AddRange(mine, queued);
            await db.SaveChangesAsync();
            (taken, waiting) = (mine.Id, queued.Id);
        }
        foreach (var path in new[] { $"/api/v1/chat/conversations/{taken}", $"/api/v1/chat/conversations/{taken}/context" })
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await supervisor.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync($"/api/v1/chat/conversations/{waiting}")).StatusCode);
    }
}

public sealed class StaffGuardRailSqliteTests(SqliteHost host) : StaffGuardRailTests(host), IClassFixture<SqliteHost>;

public sealed class StaffGuardRailPostgresTests(PostgresHost host) : StaffGuardRailTests(host), IClassFixture<PostgresHost>;
