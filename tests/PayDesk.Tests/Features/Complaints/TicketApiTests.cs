using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>The tickets API, run once on SQLite and once on PostgreSQL.</summary>
public abstract class TicketApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static object NewComplaint(string phone, string? subject = null) => new
    {
        channel = "app",
        customer = new { name = "张三", phone },
        subject = subject ?? "重复扣款",
        description = "同一笔订单被扣款两次",
        category = "funds",
        amount = new { value = 199.00m, currency = "CNY" },
        transactionId = "T202611250001",
    };

    private static async Task<ProblemDto> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
    }

    [Fact]
    public async Task Created_complaint_reads_back_by_id_and_by_number()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(phone));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal($"/api/v1/tickets/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Matches(@"^PD-\d{4}-\d{6}$", created.Number);

        var byId = await admin.GetFromJsonAsync<TicketDto>(response.Headers.Location);
        var byNumber = await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{created.Number}");
        foreach (var ticket in new[] { byId!, byNumber! })
        {
            Assert.Equal(created.Id, ticket.Id);
            Assert.Equal("重复扣款", ticket.Subject);
            Assert.Equal("funds", ticket.Category);
            Assert.Equal("new", ticket.Status);
            Assert.Equal(new MoneyDto(199.00m, "CNY"), ticket.Amount);
            Assert.Equal("T202611250001", ticket.TransactionId);
            Assert.Equal(phone[..3] + "****" + phone[^4..], ticket.Customer.Phone);
        }
    }

    [Fact]
    public async Task Retried_create_with_the_same_idempotency_key_returns_the_same_ticket()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var key = Guid.NewGuid().ToString();

        async Task<(HttpStatusCode Status, bool Replayed, TicketDto Ticket)> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(NewComplaint(phone)) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await admin.SendAsync(request);
            return (response.StatusCode, response.Headers.Contains("Idempotent-Replayed"), (await response.Content.ReadFromJsonAsync<TicketDto>())!);
        }

        var first = await SendAsync();
        var second = await SendAsync();
        var third = await SendAsync();

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], new[] { first.Status, second.Status, third.Status });
        Assert.Single(new[] { first, second, third }.Select(r => r.Ticket.Id).Distinct());
        Assert.Equal([false, true, true], new[] { first.Replayed, second.Replayed, third.Replayed });
        var customerId = first.Ticket.Customer.Id;
        var list = await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?customerId={customerId}");
        Assert.Equal(1, list!.Total);
    }

    [Fact]
    public async Task A_retry_whose_complaint_is_no_longer_the_callers_is_a_409_not_a_500()
    {
        // An outside review: the replay read the original through the caller's visibility and assumed it was there; a
        // complaint moved to another customer's record made the customer's retry answer 500.
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var (_, otherId) = await host.NewCustomerClientAsync(admin);
        var key = Guid.NewGuid().ToString();
        async Task<HttpResponseMessage> SendAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
            {
                Content = JsonContent.Create(new { subject = "退款未到账", description = "退款一直没到", category = "refund" }),
            };
            request.Headers.Add("Idempotency-Key", key);
            return await customer.SendAsync(request);
        }
        var first = await SendAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<TicketDto>())!.Id;
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            await db.Tickets.Where(t => t.Id == id).ExecuteUpdateAsync(u => u.SetProperty(t => t.CustomerId, otherId));
        }
        var retried = await SendAsync();
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Equal("application/problem+json", retried.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_idempotency_key_create_one_ticket()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(NewComplaint(phone)) };
            request.Headers.Add("Idempotency-Key", key);
            var response = await admin.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        }));
        Assert.Single(responses.Select(t => t.Id).Distinct());
        Assert.Single(responses.Select(t => t.Customer.Id).Distinct());
    }

    [Fact]
    public async Task Concurrent_intake_gives_every_complaint_its_own_number()
    {
        var admin = await Factory.AdminClientAsync();
        var tickets = await Task.WhenAll(Enumerable.Range(0, 120).Select(async _ =>
        {
            var response = await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(TestData.NewPhone()));
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        }));
        Assert.Equal(120, tickets.Select(t => t.Number).Distinct().Count());
        Assert.All(tickets, t => Assert.Matches(@"^PD-\d{4}-\d{6}$", t.Number));
    }

    [Fact]
    public async Task Reusing_an_idempotency_key_for_a_different_complaint_is_refused()
    {
        var admin = await Factory.AdminClientAsync();
        var key = Guid.NewGuid().ToString();
        using var first = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(NewComplaint(TestData.NewPhone())) };
        first.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.Created, (await admin.SendAsync(first)).StatusCode);

        using var second = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets") { Content = JsonContent.Create(NewComplaint(TestData.NewPhone(), "另一件事")) };
        second.Headers.Add("Idempotency-Key", key);
        var response = await admin.SendAsync(second);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Idempotency-Key", (await ProblemAsync(response)).Detail);
    }

    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u202e\u200b")]
    [InlineData(" \t\u3000\ufeff ")]
    public async Task A_subject_or_name_of_invisible_characters_only_is_missing(string invisible)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = invisible, phone = TestData.NewPhone() }, subject = invisible, description = "看得见的描述",
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var keys = (await ProblemAsync(response)).Errors!.Keys;
        Assert.Contains("subject", keys);
        Assert.Contains("customer.name", keys);
    }

    [Fact]
    public async Task A_nul_inside_the_words_never_reaches_the_database()
    {
        // PostgreSQL refuses NUL in text ("invalid byte sequence"): it was a 500 there.
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "空\u0000字符", phone = TestData.NewPhone() }, subject = "前\u0000后", description = "描述\u0000内容",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(("前后", "描述内容", "空字符"), (ticket.Subject, ticket.Description, ticket.Customer.Name));
    }

    [Fact]
    public async Task Missing_description_is_a_400_naming_the_field_and_nothing_is_created()
    {
        var admin = await Factory.AdminClientAsync();
        var token = TestData.Token();
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "李四", phone = TestData.NewPhone() }, subject = token,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(["description"], problem.Errors!.Keys);
        var list = await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={token}");
        Assert.Equal(0, list!.Total);
    }

    [Fact]
    public async Task Staff_find_a_callers_complaints_by_phone_number_e_mail_or_name_and_customers_do_not()
    {
        // A walk searched the inbox for the caller's 13812345678 and 陆风华 and found nothing: numbers are masked in the
        // text, and the name is not in it.
        var admin = await Factory.AdminClientAsync();
        var (phone, name, email) = (TestData.NewPhone(), "来电人" + TestData.Token()[..6], $"caller{TestData.NewPhone()}@example.cn");
        var created = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name, phone, email }, subject = "提现未到账", description = "昨天提现 500 元，今天还没到",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<TicketDto>())!.Id;
        foreach (var q in new[] { phone, $"{phone[..3]} {phone[3..7]} {phone[7..]}", "+86" + phone, name, email.ToUpperInvariant() })
        {
            var found = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={Uri.EscapeDataString(q)}"))!;
            Assert.True(found.Items.Any(t => t.Id == id), q);
        }
        Assert.DoesNotContain((await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={TestData.NewPhone()}"))!.Items, t => t.Id == id);
    }

    [Fact]
    public async Task Unknown_field_is_a_400_naming_it()
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PostAsync("/api/v1/tickets", new StringContent(
            """{"channel":"app","customer":{"name":"李四","phone":"13900000001"},"subject":"s","description":"d","refundNow":true}""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("refundNow", (await ProblemAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task Unknown_category_is_a_400_listing_the_allowed_ones()
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PostAsync("/api/v1/tickets", new StringContent(
            """{"channel":"app","customer":{"name":"李四","phone":"13900000001"},"subject":"s","description":"d","category":"lottery"}""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = Assert.Single((await ProblemAsync(response)).Errors!["category"]);
        Assert.Contains("funds", message);
        Assert.Contains("account_frozen", message);
    }

    [Theory]
    // System.Text.Json reads "a,b" as the bitwise OR of two values for any enum: "normal, high" was stored as urgent.
    [InlineData("channel", "chat,email")]
    [InlineData("priority", "normal, high")]
    [InlineData("category", "transaction_failure,account_frozen")]
    public async Task A_list_where_one_value_is_expected_is_a_400_naming_the_field(string field, string value)
    {
        var admin = await Factory.AdminClientAsync();
        var body = new Dictionary<string, object> { ["channel"] = "app", ["customer"] = new { name = "李四", phone = TestData.NewPhone() }, ["subject"] = "s", ["description"] = "d" };
        body[field] = value;
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAsync(response)).Errors!.Keys);
    }

    [Theory]
    [InlineData("""{"value":-5,"currency":"CNY"}""", "T2026112500", "amount.value")]
    [InlineData("""{"value":5,"currency":"XYZ"}""", "T2026112500", "amount.currency")]
    [InlineData("""{"value":5.123,"currency":"CNY"}""", "T2026112500", "amount.value")]
    [InlineData("""{"value":5,"currency":"CNY"}""", "T 2026/11 25", "transactionId")]
    public async Task Bad_amount_or_serial_number_is_refused(string amount, string serial, string field)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.PostAsync("/api/v1/tickets", new StringContent(
            $$"""{"channel":"phone","customer":{"name":"李四","phone":"{{TestData.NewPhone()}}"},"subject":"s","description":"d","amount":{{amount}},"transactionId":"{{serial}}"}""",
            Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, (await ProblemAsync(response)).Errors!.Keys);
    }

    [Fact]
    public async Task A_body_in_a_charset_no_one_knows_is_a_415_problem_even_for_anonymous_chat()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var (client, path) in new[] { (admin, "/api/v1/tickets"), (Factory.CreateClient(), "/api/v1/chat/conversations") })
        {
            var content = new StringContent("""{"name":"a"}""", Encoding.UTF8);
            content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=x-unknown");
            var response = await client.PostAsync(path, content);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            Assert.Contains("x-unknown", (await ProblemAsync(response)).Detail);
        }
        // GBK, as Chinese systems still send, is read.
        var gbk = new ByteArrayContent(CodePagesEncoding.GetBytes(
            $$"""{"channel":"app","customer":{"name":"李四","phone":"{{TestData.NewPhone()}}"},"subject":"账户被冻结","description":"无法转账"}"""));
        gbk.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=gbk");
        var filed = await admin.PostAsync("/api/v1/tickets", gbk);
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal("账户被冻结", (await filed.Content.ReadFromJsonAsync<TicketDto>())!.Subject);
    }

    private static Encoding CodePagesEncoding
    {
        get
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding("gbk");
        }
    }

    [Fact]
    public async Task Oversize_body_is_a_413_problem()
    {
        var admin = await Factory.AdminClientAsync();
        var huge = new string('扣', 200_000);
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new { channel = "app", subject = "s", description = huge });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(413, (await ProblemAsync(response)).Status);
    }

    [Fact]
    public async Task Errors_speak_english_when_the_api_client_asks_for_it()
    {
        var admin = await Factory.AdminClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/tickets")
        {
            Content = JsonContent.Create(new { channel = "app", customer = new { name = "Li", phone = TestData.NewPhone() }, subject = "s" }),
        };
        request.Headers.AcceptLanguage.ParseAdd("en-GB");
        var problem = await ProblemAsync(await admin.SendAsync(request));
        Assert.Equal("This field is required.", problem.Errors!["description"].Single());
    }

    [Fact]
    public async Task Inline_customer_is_matched_by_phone_not_duplicated()
    {
        var admin = await Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var first = await (await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(phone))).Content.ReadFromJsonAsync<TicketDto>();
        var second = await (await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint("+86 " + phone))).Content.ReadFromJsonAsync<TicketDto>();
        Assert.NotEqual(first!.Id, second!.Id);
        Assert.Equal(first.Customer.Id, second.Customer.Id);
    }

    [Fact]
    public async Task A_customer_cannot_read_another_customers_complaint()
    {
        var admin = await Factory.AdminClientAsync();
        var (alice, aliceId) = await host.NewCustomerClientAsync(admin);
        var (bob, _) = await host.NewCustomerClientAsync(admin);

        var created = await alice.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "商家已退款一周仍未到账", category = "refund" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(aliceId, ticket.Customer.Id);
        Assert.Equal("web", ticket.Channel);

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/api/v1/tickets/{ticket.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/tickets/{ticket.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/tickets/{ticket.Number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "hi" })).StatusCode);
        var bobsList = await bob.GetFromJsonAsync<PageDto<TicketSummaryDto>>("/api/v1/tickets");
        Assert.DoesNotContain(bobsList!.Items, t => t.Id == ticket.Id);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.GetAsync("/api/v1/customers")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await bob.PatchAsJsonAsync($"/api/v1/tickets/{ticket.Id}", new { subject = "x" })).StatusCode);
    }

    [Fact]
    public async Task A_customer_files_only_for_themself_and_never_sees_internal_notes()
    {
        var admin = await Factory.AdminClientAsync();
        var (alice, aliceId) = await host.NewCustomerClientAsync(admin);
        var someoneElse = await (await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(TestData.NewPhone()))).Content.ReadFromJsonAsync<TicketDto>();

        var forOther = await alice.PostAsJsonAsync("/api/v1/tickets", new { customerId = someoneElse!.Customer.Id, subject = "s", description = "d" });
        Assert.Equal(HttpStatusCode.BadRequest, forOther.StatusCode);
        Assert.Contains("customerId", (await ProblemAsync(forOther)).Errors!.Keys);

        // Nor can a customer make their complaint urgent or a phone call (found by an outside probe: a 1-minute target).
        var jumped = await alice.PostAsJsonAsync("/api/v1/tickets", new { subject = "咨询", description = "怎么查余额", category = "consultation", priority = "urgent", channel = "phone" });
        Assert.Equal(HttpStatusCode.BadRequest, jumped.StatusCode);
        Assert.Equal(["channel", "priority"], (await ProblemAsync(jumped)).Errors!.Keys.Order());
        var fromApp = await alice.PostAsJsonAsync("/api/v1/tickets", new { subject = "咨询", description = "怎么查余额", category = "consultation", channel = "app" });
        var filed = (await fromApp.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(("app", "low"), (filed.Channel, filed.Priority));

        var ticket = (await (await alice.PostAsJsonAsync("/api/v1/tickets", new { subject = "冻结", description = "账户被冻结", category = "account_frozen" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "风控误判，准备解冻", visibility = "internal" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "您好，已为您提交解冻申请。" })).StatusCode);
        var aliceNote = await alice.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/messages", new { body = "谢谢", visibility = "internal" });
        Assert.Equal(HttpStatusCode.BadRequest, aliceNote.StatusCode);

        var seenByAlice = (await alice.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal(["您好，已为您提交解冻申请。"], seenByAlice.Messages.Select(m => m.Body));
        var seenByStaff = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal(2, seenByStaff.Messages.Count);
        Assert.Equal(aliceId, seenByStaff.Customer.Id);
    }

    [Fact]
    public async Task List_filters_by_text_status_and_category_and_pages()
    {
        var admin = await Factory.AdminClientAsync();
        var token = TestData.Token();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(TestData.NewPhone(), $"{token} 第{i}笔"))).StatusCode);
        }

        var page1 = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={token}&pageSize=2"))!;
        var page2 = (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={token}&pageSize=2&page=2"))!;
        Assert.Equal(3, page1.Total);
        Assert.Equal(2, page1.Items.Count);
        Assert.Single(page2.Items);
        Assert.Equal($"{token} 第2笔", page1.Items[0].Subject);
        Assert.Empty(page1.Items.Select(t => t.Id).Intersect(page2.Items.Select(t => t.Id)));

        Assert.Equal(3, (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={token}&status=new&category=funds&channel=app&owner=unassigned"))!.Total);
        Assert.Equal(0, (await admin.GetFromJsonAsync<PageDto<TicketSummaryDto>>($"/api/v1/tickets?q={token}&category=refund"))!.Total);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/tickets?pageSize=1000")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/tickets?status=lost")).StatusCode);
    }

    [Fact]
    public async Task Patch_changes_what_is_sent_and_a_bad_patch_changes_nothing()
    {
        var admin = await Factory.AdminClientAsync();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", NewComplaint(TestData.NewPhone()))).Content.ReadFromJsonAsync<TicketDto>())!;

        var bad = await admin.PatchAsJsonAsync($"/api/v1/tickets/{ticket.Id}", new { priority = "urgent", amount = new { value = -1, currency = "CNY" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var unchanged = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal("normal", unchanged.Priority);
        Assert.Equal(199.00m, unchanged.Amount!.Value);

        var unknown = await admin.PatchAsJsonAsync($"/api/v1/tickets/{ticket.Id}", new { status = "closed" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("status", (await ProblemAsync(unknown)).Errors!.Keys);

        var ok = await admin.PatchAsJsonAsync($"/api/v1/tickets/{ticket.Id}", new { priority = "urgent", transactionId = (string?)null, team = "back_office" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var changed = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{ticket.Id}"))!;
        Assert.Equal("urgent", changed.Priority);
        Assert.Null(changed.TransactionId);
        Assert.Equal("back_office", changed.Team);
        Assert.Equal("重复扣款", changed.Subject);
    }

    [Fact]
    public async Task Unknown_ticket_is_404_and_anonymous_callers_get_401_not_a_redirect()
    {
        var admin = await Factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/tickets/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/v1/tickets/PD-1999-000001")).StatusCode);
        var anonymous = Factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/tickets")).StatusCode);
    }
}

[Trait("Provider", "Sqlite")]
public sealed class TicketApiSqliteTests(SqliteHost host) : TicketApiTests(host), IClassFixture<SqliteHost>;

[Trait("Provider", "Postgres")]
public sealed class TicketApiPostgresTests(PostgresHost host) : TicketApiTests(host), IClassFixture<PostgresHost>;
