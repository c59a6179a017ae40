using System.Net;
using System.Net.Http.Json;
using PayDesk.Features.Notifications;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Notifications;

/// <summary>The placeholders each template may use, and the preview made with the outbox's own renderer.</summary>
public sealed class TemplateVariablesTests
{
    [Fact]
    public void Only_the_placeholders_a_template_is_filled_with_are_accepted()
    {
        Assert.Empty(TemplateVariables.Unknown(DefaultTemplates.SolutionProposed, "{customerName} {confirmUrl}"));
        Assert.Equal(["confirmUrl"], TemplateVariables.Unknown(DefaultTemplates.Closed, "{customerName}：{confirmUrl}"));
        Assert.Equal(["customerName", "nme"], TemplateVariables.Unknown(DefaultTemplates.VerificationCode, "{customerName} {code} {nme} {nme}"));
        Assert.Contains("surveyUrl", TemplateVariables.For(DefaultTemplates.Nps));
        // Every built-in text passes its own check, or the defaults could not be saved back unchanged.
        foreach (var key in DefaultTemplates.Keys)
        {
            foreach (var locale in new[] { "zh-CN", "en" })
            {
                var (subject, body) = DefaultTemplates.For(key, locale);
                Assert.Empty(TemplateVariables.Unknown(key, subject));
                Assert.Empty(TemplateVariables.Unknown(key, body));
            }
        }
    }

    [Fact]
    public void The_preview_fills_sample_values_in_the_template_language()
    {
        Assert.Equal("李明您好，PD-2026-000042", TemplateVariables.Preview("{customerName}您好，{ticketNumber}", "zh-CN"));
        Assert.StartsWith("Dear Li Ming", TemplateVariables.Preview("Dear {customerName}", "en"));
        Assert.DoesNotContain("{code}", TemplateVariables.Preview(DefaultTemplates.For(DefaultTemplates.VerificationCode, "zh-CN").Body, "zh-CN"));
    }

    [Fact]
    public void A_customer_reads_the_status_in_words_of_their_language_never_the_code()
    {
        var ticket = new PayDesk.Features.Complaints.Ticket { Number = "PD-1", Subject = "s", Description = "d", Status = PayDesk.Features.Complaints.TicketStatus.InProgress };
        var chinese = new PayDesk.Features.Customers.Customer { Name = "王芳", Locale = "zh-CN" };
        var english = new PayDesk.Features.Customers.Customer { Name = "Wang Fang", Locale = "en" };
        Assert.Equal("处理中", Notifier.ValuesFor(ticket, chinese)["status"]);
        Assert.Equal("In progress", Notifier.ValuesFor(ticket, english)["status"]);
    }
}

/// <summary>One template at a time through the API: read with its preview, save, refuse unknown placeholders, reset.</summary>
public sealed class TemplateApiTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private sealed record Detail(string Key, string Locale, string Channel, string? Subject, string Body, bool Customised,
        string DefaultBody, List<string> Variables, string? PreviewSubject, string PreviewBody);

    private sealed record Row(string Key, string Locale, string Channel, bool Customised);

    private sealed record Preview(string? Subject, string Body);

    [Fact]
    public async Task An_admin_edits_previews_and_resets_one_template()
    {
        var admin = await _factory.AdminClientAsync();
        var detail = (await admin.GetFromJsonAsync<Detail>("/api/v1/notification-templates/solution_proposed/zh-CN/email"))!;
        Assert.False(detail.Customised);
        Assert.Contains("confirmUrl", detail.Variables);
        Assert.Contains("李明", detail.PreviewBody);
        Assert.DoesNotContain("{customerName}", detail.PreviewBody);

        var preview = await admin.PostAsJsonAsync("/api/v1/notification-templates/solution_proposed/zh-CN/email/preview",
            new { subject = "方案 {ticketNumber}", body = "{customerName}，请确认：{confirmUrl}" });
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = (await preview.Content.ReadFromJsonAsync<Preview>())!;
        Assert.Equal("方案 PD-2026-000042", shown.Subject);
        Assert.StartsWith("李明，请确认：https://", shown.Body);

        var unknown = await admin.PutAsJsonAsync("/api/v1/notification-templates/closed/zh-CN/sms", new { body = "{customerName} 请看 {confirmUrl}" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        var problem = (await unknown.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Contains("{confirmUrl}", problem.Errors!["body"][0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/v1/notification-templates/closed/zh-CN/sms/preview", new { body = "{oops}" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/notification-templates/closed/fr/sms")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/notification-templates/closed/zh-CN/sms", new { body = "{customerName}，{ticketNumber} 已办结。" })).StatusCode);
        var saved = (await admin.GetFromJsonAsync<Detail>("/api/v1/notification-templates/closed/zh-CN/sms"))!;
        Assert.True(saved.Customised);
        Assert.Equal("李明，PD-2026-000042 已办结。", saved.PreviewBody);
        var list = (await admin.GetFromJsonAsync<List<Row>>("/api/v1/notification-templates?key=closed&channel=sms"))!;
        Assert.Equal(2, list.Count);
        Assert.Contains(list, t => t.Locale == "zh-CN" && t.Customised);

        var reset = await admin.DeleteAsync("/api/v1/notification-templates/closed/zh-CN/sms");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var back = (await reset.Content.ReadFromJsonAsync<Detail>())!;
        Assert.False(back.Customised);
        Assert.Equal(back.DefaultBody, back.Body);
    }
}
