using System.Net;
using System.Net.Http.Json;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Audit;

/// <summary>The audit log over HTTP: entries in words, filtered by complaint number, actor, action and dates.</summary>
public sealed class AuditApiTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed record Entry(string ActorName, string EntityType, string Action, string Changes, string? Target, string Description);

    [Fact]
    public async Task Entries_of_one_complaint_read_as_sentences_and_bad_filters_are_refused()
    {
        var admin = await _factory.AdminClientAsync();
        var phone = "139" + Random.Shared.Next(10_000_000, 99_999_999);
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "审计客户", phone }, subject = "重复扣款", description = "同一笔订单扣了两次", category = "funds",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/transitions", new { trigger = "acknowledge" })).StatusCode);

        var page = (await admin.GetFromJsonAsync<PageDto<Entry>>($"/api/v1/audit?ticket={ticket.Number}&pageSize=100"))!;
        Assert.Contains(page.Items, e => e.Description.Contains($"登记了投诉 {ticket.Number}", StringComparison.Ordinal));
        Assert.Contains(page.Items, e => e.Description.Contains($"将投诉 {ticket.Number} 的状态由「新受理」改为「已确认」", StringComparison.Ordinal));
        Assert.All(page.Items, e => Assert.Equal(ticket.Number, e.Target));

        var today = DateTime.UtcNow.AddHours(8).ToString("yyyy-MM-dd");
        var byActor = (await admin.GetFromJsonAsync<PageDto<Entry>>($"/api/v1/audit?ticket={ticket.Number}&actor={Uri.EscapeDataString(page.Items[0].ActorName)}&action=created&from={today}&to={today}"))!;
        Assert.NotEmpty(byActor.Items);
        Assert.All(byActor.Items, e => Assert.Equal("created", e.Action));
        Assert.Empty((await admin.GetFromJsonAsync<PageDto<Entry>>($"/api/v1/audit?ticket={ticket.Number}&from=2001-01-01&to=2001-01-02"))!.Items);
        Assert.Empty((await admin.GetFromJsonAsync<PageDto<Entry>>("/api/v1/audit?ticket=TK-NOPE"))!.Items);

        var english = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/audit?ticket={ticket.Number}&action=created");
        english.Headers.AcceptLanguage.ParseAdd("en");
        var inEnglish = (await (await admin.SendAsync(english)).Content.ReadFromJsonAsync<PageDto<Entry>>())!;
        Assert.Contains(inEnglish.Items, e => e.Description.Contains($"registered complaint {ticket.Number}", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/audit?from=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/audit?from=2026-03-02&to=2026-03-01")).StatusCode);
    }
}
