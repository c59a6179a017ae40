using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Features.Channels;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>
/// Card, ID and phone numbers staff or customers type are masked wherever the words are kept or sent — found by an
/// outside probe: the timeline masked a progress reason but the SMS, the e-mail and the notifications list carried it
/// unmasked, and so did a transfer's and a link's reason and an uploaded file's name.
/// </summary>
public abstract class TypedNumbersMaskedTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private const string Card = "6222021234567890128";
    private const string Phone = "13812345678";
    private const string Id = "11010519491231002X";

    private static void AssertMasked(string? text)
    {
        Assert.NotNull(text);
        foreach (var raw in new[] { Card, Phone, Id }) Assert.DoesNotContain(raw, text);
    }

    [Fact]
    public async Task A_reason_sent_to_the_customer_a_transfer_a_link_and_a_file_name_keep_no_number_unmasked()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, _) = await host.NewStaffClientAsync("agent", "遮蔽");
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var first = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "退款一直没到", category = "refund" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        var second = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "又一笔没到", description = "另一笔退款", category = "refund" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        var said = $"请把卡号{Card}、身份证{Id}和手机{Phone}再确认";

        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/transitions", new { trigger = "start_work" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/transitions", new { trigger = "await_customer", reason = said })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/transfer", new { team = "back_office", reason = said })).StatusCode);
        Assert.True((await agent.PostAsJsonAsync($"/api/v1/tickets/{first.Id}/links", new { other = second.Number, reason = said })).IsSuccessStatusCode);
        var form = new MultipartFormDataContent { { new ByteArrayContent(AttachmentApiTests.Png), "file", $"{Phone}身份证{Id}.png" } };
        var upload = await customer.PostAsync($"/api/v1/tickets/{first.Id}/attachments", form);
        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        AssertMasked(await upload.Content.ReadAsStringAsync());
        await Factory.DispatchNotificationsAsync();

        AssertMasked(await agent.GetStringAsync($"/api/v1/tickets/{first.Id}/notifications"));
        AssertMasked(await customer.GetStringAsync("/api/v1/me/notifications"));
        AssertMasked(await agent.GetStringAsync($"/api/v1/tickets/{first.Id}/attachments"));
        foreach (var sent in Factory.Outbox("sms").Concat(Factory.Outbox("email"))) AssertMasked(sent.Body);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        AssertMasked(string.Join("|", await db.TicketAssignees.Where(a => a.TicketId == first.Id).Select(a => a.Reason).ToListAsync()));
        AssertMasked(string.Join("|", await db.TicketLinks.Where(a => a.TicketId == first.Id || a.TicketId == second.Id).Select(a => a.Reason).ToListAsync()));
        AssertMasked(string.Join("|", await db.Notifications.Where(n => n.TicketId == first.Id).Select(n => n.Body).ToListAsync()));
        Assert.Contains("138****5678", await agent.GetStringAsync($"/api/v1/tickets/{first.Id}/notifications"));
    }

    [Fact]
    public async Task Notices_calendar_labels_and_reveal_reasons_keep_no_number_unmasked()
    {
        // Found by an outside review: announcements and improvement notices (public pages), a calendar day's label and an
        // imported one (both in the audit log), and the reason given for revealing a number (audit log) kept them as typed.
        var admin = await Factory.AdminClientAsync();
        var said = $"卡号{Card}、身份证{Id}、手机{Phone}";
        var announcement = await admin.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = $"通知 {Phone}", titleEn = $"Notice {Phone}", bodyZh = said, bodyEn = said,
            placement = new[] { "help_centre" }, publishAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.Equal(HttpStatusCode.Created, announcement.StatusCode);
        AssertMasked(await announcement.Content.ReadAsStringAsync());
        AssertMasked(await Factory.CreateClient().GetStringAsync("/api/v1/announcements/public"));
        var improvement = await admin.PostAsJsonAsync("/api/v1/improvements", new
        {
            rootCause = "channel_outage", titleZh = $"改进 {Phone}", titleEn = $"Improvement {Phone}", bodyZh = said, bodyEn = said,
        });
        Assert.Equal(HttpStatusCode.Created, improvement.StatusCode);
        AssertMasked(await Factory.CreateClient().GetStringAsync("/api/v1/improvements/public?rootCause=channel_outage"));

        var name = "遮蔽-" + Guid.NewGuid().ToString("N")[..6];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/calendars", new { name, copyFrom = "standard" })).StatusCode);
        var path = $"/api/v1/calendars/{Uri.EscapeDataString(name)}";
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"{path}/days/2031-03-03", new { kind = "closed", label = $"停机 {Phone}" })).StatusCode);
        var feed = $"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:m1@example\r\nDTSTART;VALUE=DATE:20310505\r\nSUMMARY:联系 {Phone}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"{path}/import", new StringContent(feed, System.Text.Encoding.UTF8, "text/calendar"))).StatusCode);
        AssertMasked(await admin.GetStringAsync($"{path}/days?year=2031"));

        var (customer, customerId) = await host.NewCustomerClientAsync(admin);
        var ticket = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "退款一直没到", category = "refund" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/reveal", new { field = "description", reason = $"核对 {Phone}" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/customers/{customerId}/reveal", new { field = "phone", reason = $"回电 {Phone}" })).StatusCode);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var since = DateTime.UtcNow.AddMinutes(-5);
        AssertMasked(string.Join("|", await db.AuditEntries.Where(a => a.At >= since).Select(a => a.Changes).ToListAsync()));
    }
}

public sealed class TypedNumbersMaskedSqliteTests(SqliteHost host) : TypedNumbersMaskedTests(host), IClassFixture<SqliteHost>;

public sealed class TypedNumbersMaskedPostgresTests(PostgresHost host) : TypedNumbersMaskedTests(host), IClassFixture<PostgresHost>;
