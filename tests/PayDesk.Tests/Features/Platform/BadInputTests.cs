using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// Reproductions of requests that once answered 500 (issue 15): each now answers 4xx with a problem
/// document naming the field at fault, or does what the caller meant.
/// </summary>
public abstract class BadInputTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private static readonly string[] Reports =
        ["summary", "volume", "heatmap", "sla", "durations", "backlog", "satisfaction", "root-causes", "disclosure", "scorecards"];

    /// <summary>Asserts a 400 problem document whose errors name <paramref name="field"/>.</summary>
    private static async Task AssertFieldRefusedAsync(HttpResponseMessage response, string field, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<ProblemDto>(body, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.True(problem.Errors?.ContainsKey(field) == true, $"{what}: the problem should name '{field}': {body}");
    }

    [Fact]
    public async Task Reports_refuse_dates_at_the_ends_of_the_calendar_naming_the_field()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var report in Reports)
        {
            foreach (var field in new[] { "to", "from" })
            {
                foreach (var date in new[] { "0001-01-01", "9999-12-31" })
                {
                    var url = $"/api/v1/reports/{report}?{field}={date}";
                    await AssertFieldRefusedAsync(await admin.GetAsync(url), field, url);
                    await AssertFieldRefusedAsync(await admin.GetAsync(url + "&format=csv"), field, url + "&format=csv");
                }
            }
        }
    }

    [Theory]
    [InlineData("/account/login?ended=x")]
    [InlineData("/help/improvements?page=x")]
    [InlineData("/help/improvements?page=2147483648")]
    [InlineData("/confirm/abc?answered=2147483648")]
    [InlineData("/survey/abc?page=1e3")]
    public async Task A_page_address_with_a_number_that_does_not_parse_shows_the_page_not_an_error(string url)
    {
        // Blazor's query binding threw on these (HTTP 500, the address logged as an error — signed links included).
        var response = await Factory.CreateClient().GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound or HttpStatusCode.Gone, $"{url}: {(int)response.StatusCode}");
    }

    [Theory]
    [InlineData("/inbox?page=x")]
    [InlineData("/admin/users?page=-")]
    [InlineData("/incidents?page=99999999999")]
    [InlineData("/announcements/improvements?edit=not-a-guid")]
    [InlineData("/workforce?from=0001-01-01")]
    [InlineData("/workforce?date=9999-12-31")]
    public async Task Staff_pages_read_a_bad_number_or_id_in_their_address_as_absent(string url)
    {
        var admin = await Factory.AdminClientAsync();
        var response = await admin.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        // The page itself answered (not the sign-in page after a redirect).
        Assert.Equal(url.Split('?')[0], response.RequestMessage!.RequestUri!.AbsolutePath);
    }

    /// <summary>
    /// Blazor renders a page at the first of its reads that really waits — PostgreSQL's do, SQLite's rarely — so a page that
    /// set one field, read, and then set the one its markup dereferences answered 500 on PostgreSQL only (the settings page
    /// on every visit; the complaint page when the complaint had an owner; the follow-up rules). Every page in the staff
    /// menu, the pages they open and the customer's complaint page are opened here, on each database.
    /// </summary>
    [Fact]
    public async Task Every_staff_page_in_the_menu_the_pages_it_opens_and_the_customers_complaint_page_answer()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var own = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款没到账", description = "退款一周了还没到" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/v1/tickets/{own.Id}/take", null)).StatusCode);
        var announcement = (await (await admin.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = "系统升级通知", titleEn = "Upgrade notice", bodyZh = "今晚升级。", bodyEn = "Upgrade tonight.",
            placement = new[] { "help_centre" }, publishAt = DateTimeOffset.UtcNow,
        })).Content.ReadFromJsonAsync<JsonObject>())!;

        var failed = new List<string>();
        var extra = new[] { "/admin/settings", "/followups/rules", $"/tickets/{own.Number}", $"/announcements?edit={announcement["id"]}" };
        Assert.True(await PageCrawl.RunAsync(admin, "/inbox", extra, "admin", failed) > 40);
        // In English too: a text whose English form has another number of placeholders throws where it is shown.
        var english = await Factory.AdminClientAsync();
        await english.GetAsync("/culture?c=en&returnUrl=/inbox");
        Assert.Contains("Inbox", await english.GetStringAsync("/inbox"));
        await PageCrawl.RunAsync(english, "/inbox", extra, "admin, English", failed, english: true);
        var (agent, _) = await host.NewStaffClientAsync("agent");
        await PageCrawl.RunAsync(agent, "/inbox", [], "agent", failed);
        // The customer's menu and their complaint's page.
        Assert.True(await PageCrawl.RunAsync(customer, "/help", [$"/my/tickets/{own.Number}"], "customer", failed) > 5);
        Assert.True(failed.Count == 0, string.Join("\n", failed));
        // The editor opens with the announcement in it, not a blank form (it was created before the announcement was read).
        Assert.Contains("系统升级通知", await admin.GetStringAsync($"/announcements?edit={announcement["id"]}"));
    }


    [Theory]
    [InlineData("/%09/evil.example/x")]
    [InlineData("/%0A/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("https://evil.example")]
    public async Task The_language_switch_never_sends_the_browser_off_the_site(string returnUrl)
    {
        var client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture?c=en&returnUrl={returnUrl}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Staffing_roster_and_forecast_refuse_dates_at_the_ends_of_the_calendar()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var date in new[] { "0001-01-01", "9999-12-31" })
        {
            await AssertFieldRefusedAsync(await admin.GetAsync($"/api/v1/workforce/staffing?date={date}"), "date", "staffing " + date);
            await AssertFieldRefusedAsync(await admin.GetAsync($"/api/v1/workforce/roster?from={date}"), "from", "roster " + date);
            await AssertFieldRefusedAsync(await admin.GetAsync($"/api/v1/workforce/forecast?channel=phone&from={date}"), "from", "forecast " + date);
        }
    }

    [Fact]
    public async Task Calendar_days_refuse_years_outside_the_calendar()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var year in new[] { "0", "10000", "-1", "2147483647", "-2147483648" })
        {
            await AssertFieldRefusedAsync(await admin.GetAsync($"/api/v1/calendars/standard/days?year={year}"), "year", "year " + year);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/calendars/standard/days?year=2026")).StatusCode);
    }

    [Fact]
    public async Task Sla_policy_refuses_null_calendar_null_targets_and_NaN_share()
    {
        var admin = await Factory.AdminClientAsync();
        var current = JsonNode.Parse(await admin.GetStringAsync("/api/v1/sla/policy"))!.AsObject();

        async Task RefusedAsync(string field, JsonNode? value)
        {
            var policy = current.DeepClone().AsObject();
            policy[field] = value;
            await AssertFieldRefusedAsync(await admin.PutAsJsonAsync("/api/v1/sla/policy", policy), field, $"{field}={value?.ToJsonString() ?? "null"}");
        }

        await RefusedAsync("lineCalendar", null);
        await RefusedAsync("firstResponseMinutes", null);
        await RefusedAsync("atRiskShare", "NaN");
        await RefusedAsync("atRiskShare", "Infinity");
        await RefusedAsync("atRiskShare", null);
        await RefusedAsync("regulation", null);
        // The policy in force is still the one read before.
        Assert.Equal(current.ToJsonString(), JsonNode.Parse(await admin.GetStringAsync("/api/v1/sla/policy"))!.ToJsonString());
    }

    [Fact]
    public async Task Marked_day_refuses_NaN_and_infinite_uplift()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var uplift in new[] { "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "1e400" })
        {
            var body = $$"""{"date":"2026-11-11","kind":"promotion","name":"双十一","expectedUplift":{{uplift}}}""";
            var response = await admin.PostAsync("/api/v1/workforce/marked-days", new StringContent(body, Encoding.UTF8, "application/json"));
            await AssertFieldRefusedAsync(response, "expectedUplift", "uplift " + uplift);
        }
    }

    [Fact]
    public async Task Marked_day_outside_the_supported_dates_is_refused_and_planning_keeps_working()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var date in new[] { "0001-01-01", "9999-12-31" })
        {
            var response = await admin.PostAsJsonAsync("/api/v1/workforce/marked-days", new { date, kind = "promotion", name = "远古促销", expectedUplift = 2.0 });
            await AssertFieldRefusedAsync(response, "date", "marked day " + date);
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/workforce/roster")).StatusCode);
    }

    [Fact]
    public async Task An_upload_that_is_not_a_readable_form_is_refused_for_a_chat_visitor_and_a_customer()
    {
        // multipart/form-data without its boundary threw from the form reader (HTTP 500), anonymous visitors included.
        var started = await Factory.CreateClient().PostAsJsonAsync("/api/v1/chat/conversations", new { name = "访客", locale = "zh-CN" });
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var chat = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        var visitor = Factory.CreateClient();
        visitor.DefaultRequestHeaders.Add("X-Chat-Token", chat["token"]!.GetValue<string>());
        var upload = new StringContent("x");
        upload.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");
        await AssertFieldRefusedAsync(await visitor.PostAsync($"/api/v1/chat/conversations/{chat["conversation"]!["id"]}/attachments", upload), "file", "chat upload");

        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var own = (await (await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "转账失败", description = "转账失败但扣款了" }))
            .Content.ReadFromJsonAsync<TicketDto>())!;
        var again = new StringContent("--x\r\nbroken");
        again.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data");
        await AssertFieldRefusedAsync(await customer.PostAsync($"/api/v1/tickets/{own.Id}/attachments", again), "file", "complaint upload");
    }

    [Fact]
    public async Task A_NUL_character_in_an_address_is_refused_before_any_database_sees_it()
    {
        // PostgreSQL refuses NUL in text: these filters answered 500 there (the first one to anyone).
        var admin = await Factory.AdminClientAsync();
        foreach (var (client, url) in new[]
                 {
                     (Factory.CreateClient(), "/api/v1/kb/articles?category=%00"), (admin, "/api/v1/tickets?q=a%00b"), (admin, "/api/v1/customers?q=%00"),
                     (admin, "/api/v1/audit?actor=%00"), (admin, "/inbox?q=%00"),
                 })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            Assert.Contains("%00", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("/inbox?page=100000000")]
    [InlineData("/sla?page=2147483647")]
    [InlineData("/admin/users?page=300000000")]
    public async Task A_page_number_past_the_last_page_shows_the_page(string url)
    {
        // The offset overflowed to a negative number, which PostgreSQL refused (HTTP 500).
        var response = await (await Factory.AdminClientAsync()).GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Calendar_hours_and_imports_that_cannot_be_days_are_refused()
    {
        var admin = await Factory.AdminClientAsync();
        // "09:00" alone threw IndexOutOfRangeException; hours over the column's 200 characters failed the save on PostgreSQL.
        await AssertFieldRefusedAsync(await admin.PutAsJsonAsync("/api/v1/calendars/standard/days/2030-10-08", new { kind = "hours", hours = "09:00" }), "hours", "hours 09:00");
        var many = string.Join(",", Enumerable.Range(0, 30).Select(h => $"{h % 24:00}:00-{h % 24:00}:30"));
        await AssertFieldRefusedAsync(await admin.PutAsJsonAsync("/api/v1/calendars/standard/days/2030-10-08", new { kind = "hours", hours = many }), "hours", "hours x30");

        static StringContent Feed(string start, string end, string summary, string extra = "") => new(string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//t//EN", "BEGIN:VEVENT", "UID:x@t", $"DTSTART;VALUE=DATE:{start}", $"DTEND;VALUE=DATE:{end}",
            $"SUMMARY:{summary}") + extra + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", Encoding.UTF8, "text/calendar");
        // The ends of the calendar overflowed the day arithmetic (ArgumentOutOfRangeException).
        await AssertFieldRefusedAsync(await admin.PostAsync("/api/v1/calendars/standard/import", Feed("00010101", "00010101", "x")), "body", "0001-01-01");
        await AssertFieldRefusedAsync(await admin.PostAsync("/api/v1/calendars/standard/import", Feed("99991231", "99991231", "x")), "body", "9999-12-31");
        await AssertFieldRefusedAsync(await admin.PostAsync("/api/v1/calendars/standard/import",
            Feed("20301009", "20301010", "x", "\r\nX-PAYDESK-KIND:hours\r\nX-PAYDESK-HOURS:09:00")), "body", "hours without an end");
        // A holiday's long name is kept to the label's 100 characters instead of failing the save on PostgreSQL.
        var imported = await admin.PostAsync("/api/v1/calendars/standard/import", Feed("20301011", "20301012", new string('节', 150)));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
    }

    [Fact]
    public async Task Lists_stored_joined_are_refused_when_the_joined_text_is_longer_than_its_column()
    {
        var admin = await Factory.AdminClientAsync();
        // Twenty 30-character tags join to 619 characters in a 500-character column; ten 100-character slugs to 1,009 in 1,000.
        var tags = Enumerable.Range(0, 20).Select(i => $"{i:00}" + new string('t', 28)).ToArray();
        await AssertFieldRefusedAsync(await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug = "long-tags", locale = "zh-CN", title = "标签很多", body = "正文", category = "refunds", tags, visibility = "public",
        }), "tags", "tags");
        var related = Enumerable.Range(0, 10).Select(i => $"r{i}-" + new string('s', 97)).ToArray();
        await AssertFieldRefusedAsync(await admin.PostAsJsonAsync("/api/v1/kb/manage/articles", new
        {
            slug = "long-related", locale = "zh-CN", title = "相关很多", body = "正文", category = "refunds", related, visibility = "public",
        }), "related", "related");
        // "ab,ab,…" of 500 characters was stored re-joined with ", " (666 characters in 500).
        await AssertFieldRefusedAsync(await admin.PostAsJsonAsync("/api/v1/announcements", new
        {
            kind = "general", titleZh = "关键词", titleEn = "Keywords", bodyZh = "正文", bodyEn = "Body", placement = new[] { "help_centre" },
            publishAt = DateTimeOffset.UtcNow, keywords = string.Join(",", Enumerable.Repeat("ab", 167)),
        }), "keywords", "keywords");
        // An agent's region holds 64 characters.
        var (_, agentId) = await host.NewStaffClientAsync("agent");
        await AssertFieldRefusedAsync(await admin.PutAsJsonAsync($"/api/v1/agents/{agentId}/profile", new
        {
            team = "front_desk", region = new string('区', 65), skills = new Dictionary<string, int> { ["lang:zh"] = 3 }, chatCapacity = 3, ticketCapacity = 20,
        }), "region", "region");
    }

    [Fact]
    public async Task Two_first_saves_at_once_of_a_profile_or_a_template_both_succeed_and_two_resets_too()
    {
        // Both inserted: the second failed on the key (HTTP 500). A double click on 保存 was enough.
        var admin = await Factory.AdminClientAsync();
        var (_, agentId) = await host.NewStaffClientAsync("agent");
        var profiles = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => admin.PutAsJsonAsync($"/api/v1/agents/{agentId}/profile",
            new { team = "front_desk", skills = new Dictionary<string, int> { ["lang:zh"] = 3, ["category:funds"] = i }, chatCapacity = 3, ticketCapacity = 20 })));
        Assert.All(profiles, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));

        const string template = "/api/v1/notification-templates/closed/en/in_app";
        var saves = await Task.WhenAll(Enumerable.Range(1, 2).Select(i => admin.PutAsJsonAsync(template, new { subject = $"Closed {i}", body = $"Your complaint {{ticketNumber}} is closed ({i})." })));
        Assert.All(saves, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // Two resets of the same template: the second found it gone (a concurrency failure, HTTP 500).
        var resets = await Task.WhenAll(admin.DeleteAsync(template), admin.DeleteAsync(template));
        Assert.All(resets, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
    }

    [Fact]
    public async Task History_with_impossible_counts_or_dates_is_refused_and_planning_keeps_working()
    {
        var admin = await Factory.AdminClientAsync();
        foreach (var body in new[]
                 {
                     "phone,2026-10-01T09:00:00+08:00,2147483647\nphone,2026-10-01T09:30:00+08:00,2147483647",
                     "phone,9999-12-31T23:30:00Z,1", "phone,0001-01-01T00:00:00Z,1", "phone,2026-10-01T09:00:00+08:00,10,10,9223372036854775807",
                     // Shanghai skipped 02:00–03:00 on 4 May 1986 (summer time): ArgumentException, HTTP 500.
                     "phone,1986-05-04 02:30,5", "phone,0001-01-01 00:00,1",
                 })
        {
            var response = await admin.PostAsync("/api/v1/workforce/history", new StringContent(body, Encoding.UTF8, "text/csv"));
            await AssertFieldRefusedAsync(response, "body", "history " + body);
        }
        var ok = await admin.PostAsync("/api/v1/workforce/history",
            new StringContent("phone,2026-10-01T09:00:00+08:00,100000\nphone,2026-10-01T09:30:00+08:00,100000", Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        foreach (var url in new[] { "/api/v1/workforce/staffing", "/api/v1/workforce/roster", "/api/v1/workforce/backtest", "/api/v1/workforce/forecast?channel=phone" })
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(url)).StatusCode);
        }
    }

    [Fact]
    public async Task Article_lists_refuse_a_language_that_is_not_one_naming_the_field()
    {
        // An outside probe: "../../" listed nothing with a 200 where search answered 400.
        var (agent, _) = await host.NewStaffClientAsync("agent");
        await AssertFieldRefusedAsync(await Factory.CreateClient().GetAsync("/api/v1/kb/articles?locale=../../"), "locale", "published articles");
        await AssertFieldRefusedAsync(await agent.GetAsync("/api/v1/kb/manage/articles?locale=xx"), "locale", "managed articles");
        Assert.Equal(HttpStatusCode.OK, (await Factory.CreateClient().GetAsync("/api/v1/kb/articles?locale=en")).StatusCode);
    }

    [Fact]
    public async Task Article_with_null_tags_or_related_slugs_is_refused_naming_the_field()
    {
        var (agent, _) = await host.NewStaffClientAsync("agent");
        foreach (var field in new[] { "tags", "related" })
        {
            var article = new JsonObject
            {
                ["slug"] = "null-" + field, ["locale"] = "en", ["title"] = "Refunds", ["body"] = "How refunds work.", ["category"] = "refunds",
                ["visibility"] = "public", [field] = new JsonArray("ok", null),
            };
            await AssertFieldRefusedAsync(await agent.PostAsJsonAsync("/api/v1/kb/manage/articles", article), field, "article with a null in " + field);
        }
    }

    [Fact]
    public async Task Intake_with_one_customers_phone_and_anothers_email_is_recorded_against_the_phone_and_noted()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, _) = await host.NewStaffClientAsync("agent");
        var phoneOwnerPhone = TestData.NewPhone();
        var phoneOwner = await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "李雷", phone = phoneOwnerPhone })).Content.ReadFromJsonAsync<CustomerDto>();
        var emailOwnerEmail = $"m{TestData.NewPhone()}@example.cn";
        var emailOwner = await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "韩梅梅", phone = TestData.NewPhone(), email = emailOwnerEmail }))
            .Content.ReadFromJsonAsync<CustomerDto>();

        var created = await agent.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "李雷", phone = phoneOwnerPhone, email = emailOwnerEmail },
            subject = "重复扣款", description = "同一笔订单被扣款两次", category = "funds",
        });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = (await created.Content.ReadFromJsonAsync<TicketDto>())!;
        Assert.Equal(phoneOwner!.Id, ticket.Customer.Id);
        // Neither record took the other's e-mail.
        Assert.Null((await admin.GetFromJsonAsync<CustomerDto>($"/api/v1/customers/{phoneOwner.Id}"))!.Email);
        // (The API shows the address masked, as the pages do.)
        Assert.Equal(PayDesk.Infrastructure.Security.PersonalData.MaskEmail(emailOwnerEmail), (await admin.GetFromJsonAsync<CustomerDto>($"/api/v1/customers/{emailOwner!.Id}"))!.Email);
        var timeline = (await agent.GetFromJsonAsync<PageDto<TimelineEntryDto>>($"/api/v1/tickets/{ticket.Id}/timeline"))!;
        var note = Assert.Single(timeline.Items, e => e.Data?.Contains("contactConflict") == true);
        Assert.Contains(emailOwner.Id.ToString(), note.Data);
        Assert.False(string.IsNullOrWhiteSpace(note.Reason));
    }

    [Fact]
    public async Task A_merged_customers_signed_in_session_follows_the_surviving_customer()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, mergedId) = await host.NewCustomerClientAsync(admin);
        var survivor = await (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "同一人", phone = TestData.NewPhone() })).Content.ReadFromJsonAsync<CustomerDto>();
        var merged = await admin.PostAsJsonAsync($"/api/v1/customers/{mergedId}/merge", new { intoId = survivor!.Id, reason = "同一客户的两个档案" });
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);

        // The customer's bearer token was issued before the merge and still names the removed record.
        var chat = await customer.PostAsJsonAsync("/api/v1/chat/conversations", new { name = "同一人" });
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        var started = JsonNode.Parse(await chat.Content.ReadAsStringAsync())!;
        var conversationId = Guid.Parse(started["conversation"]!["id"]!.GetValue<string>());
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
            Assert.Equal(survivor.Id, (await db.Conversations.FindAsync(conversationId))!.CustomerId);
        }

        var filed = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "一周了还没到账", category = "refund" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        Assert.Equal(survivor.Id, (await filed.Content.ReadFromJsonAsync<TicketDto>())!.Customer.Id);
    }

    [Fact]
    public async Task Out_of_range_paging_is_refused_on_every_paged_list()
    {
        var admin = await Factory.AdminClientAsync();
        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var own = await customer.PostAsJsonAsync("/api/v1/tickets", new { subject = "退款未到账", description = "一周了还没到账", category = "refund" });
        var ticket = (await own.Content.ReadFromJsonAsync<TicketDto>())!;
        var opened = await admin.PostAsJsonAsync("/api/v1/incidents", new { title = "分页检查", bank = "CMB" });
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var incidentId = JsonNode.Parse(await opened.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!;
        var lists = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var get = item!["get"];
            if (get?["parameters"] is not JsonArray parameters || !parameters.Any(p => (string?)p!["name"] == "page")) continue;
            lists.Add(path.Replace("/tickets/{id}", $"/tickets/{ticket.Id}").Replace("/customers/{id}", $"/customers/{ticket.Customer.Id}")
                .Replace("/incidents/{id}", $"/incidents/{incidentId}"));
        }
        Assert.True(lists.Count >= 15, "paged lists found in the OpenAPI document: " + string.Join(", ", lists));

        foreach (var list in lists)
        {
            var client = list.StartsWith("/api/v1/me/", StringComparison.Ordinal) ? customer : admin;
            Assert.True((await client.GetAsync(list)).IsSuccessStatusCode, list);
            foreach (var (query, field) in new[]
                     {
                         ("page=21474838", "page"), ("page=21474838&pageSize=100", "page"), ("page=2147483647", "page"), ("page=0", "page"),
                         ("page=-1", "page"), ("page=abc", "page"), ("page=99999999999", "page"), ("pageSize=0", "pageSize"), ("pageSize=101", "pageSize"),
                         ("pageSize=-2147483648", "pageSize"), ("pageSize=1e3", "pageSize"),
                     })
            {
                await AssertFieldRefusedAsync(await client.GetAsync($"{list}?{query}"), field, $"{list}?{query}");
            }
        }
    }

    /// <summary>Posts a page's form as the browser would: the page's own form token and cookies, the form's handler name.</summary>
    private static async Task<HttpResponseMessage> PostPageFormAsync(HttpClient client, string path, string handler, Dictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(path);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEqual("", token);
        fields["_handler"] = handler;
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_page_form_choice_takes_only_the_values_its_list_offers()
    {
        // Blazor's form mapping reads an enum from any number: a hand-made post stored a calendar day of kind 7 (every
        // later start of the server failed on it), filed a complaint of category 99 (500) and set a presence of 9.
        var admin = await Factory.AdminClientAsync();
        var name = $"夜班{Guid.NewGuid():N}"[..10];
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/calendars", new { name, copyFrom = "standard" })).StatusCode);
        var calendarPage = $"/admin/calendars?name={Uri.EscapeDataString(name)}";
        foreach (var kind in new[] { "7", "-1", "2147483647" })
        {
            var refused = await PostPageFormAsync(admin, calendarPage, "calendar",
                new() { ["Input.Op"] = "save", ["Input.Date"] = "2031-01-06", ["Input.Kind"] = kind, ["Input.Label"] = "x" });
            Assert.True(refused.StatusCode == HttpStatusCode.BadRequest, $"kind {kind}: {(int)refused.StatusCode}");
            Assert.Contains("Input.Kind", await refused.Content.ReadAsStringAsync());
        }
        var days = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{Uri.EscapeDataString(name)}/days?year=2031");
        Assert.Equal(0, days.GetArrayLength());
        // The same form with a value from its list is taken (by name, and by the number of a defined value).
        foreach (var kind in new[] { "Closed", "0" })
        {
            var taken = await PostPageFormAsync(admin, calendarPage, "calendar",
                new() { ["Input.Op"] = "save", ["Input.Date"] = "2031-01-06", ["Input.Kind"] = kind, ["Input.Label"] = "维护" });
            Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        }
        days = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/calendars/{Uri.EscapeDataString(name)}/days?year=2031");
        Assert.Equal("closed", days[0].GetProperty("kind").GetString());

        var (customer, _) = await host.NewCustomerClientAsync(admin);
        var complaint = await PostPageFormAsync(customer, "/my/new", "complaint",
            new() { ["Input.Op"] = "submit", ["Input.Subject"] = "账户被冻洁", ["Input.Description"] = "无法付款", ["Input.Category"] = "99" });
        Assert.Equal(HttpStatusCode.BadRequest, complaint.StatusCode);
        var mine = await customer.GetFromJsonAsync<JsonElement>("/api/v1/tickets");
        Assert.Equal(0, mine.GetProperty("total").GetInt32());

        var (agent, agentId) = await host.NewStaffClientAsync("agent");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/v1/agents/{agentId}/profile",
            new { team = "front_desk", skills = new Dictionary<string, int> { ["lang:zh"] = 3 } })).StatusCode);
        var presence = await PostPageFormAsync(agent, "/inbox", "presence", new() { ["Input.Presence"] = "9" });
        Assert.Equal(HttpStatusCode.BadRequest, presence.StatusCode);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
        var profile = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.AgentProfiles, a => a.UserId == agentId);
        Assert.True(Enum.IsDefined(profile.Presence), profile.Presence.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/routing/overview")).StatusCode);
    }

    [Fact]
    public async Task Json_that_cannot_be_bound_is_a_400_problem_naming_the_field()
    {
        var admin = await Factory.AdminClientAsync();
        async Task<HttpResponseMessage> PostAsync(string json) =>
            await admin.PostAsync("/api/v1/tickets", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertFieldRefusedAsync(await PostAsync("""{"subject": 12, "description": "x"}"""), "subject", "number for a string");
        await AssertFieldRefusedAsync(await PostAsync("""{"amount": {"value": "NaN", "currency": "CNY"}}"""), "amount.value", "NaN for a decimal");
        await AssertFieldRefusedAsync(await PostAsync("""{"amount": {"value": 1e400, "currency": "CNY"}}"""), "amount.value", "huge number");
        await AssertFieldRefusedAsync(await PostAsync("""{"customerId": 123}"""), "customerId", "number for a guid");
        await AssertFieldRefusedAsync(await PostAsync("""{"customer": []}"""), "customer", "array for an object");
        await AssertFieldRefusedAsync(await PostAsync("""{"occurredAt": "9999-99-99"}"""), "occurredAt", "impossible date");
        await AssertFieldRefusedAsync(await PostAsync("""{"subject": "x", """), "body", "truncated JSON");
        await AssertFieldRefusedAsync(await PostAsync("not json at all"), "body", "not JSON");
        await AssertFieldRefusedAsync(await PostAsync("[1,2,3]"), "body", "array for the body");
        await AssertFieldRefusedAsync(await PostAsync(""), "body", "no body");
        await AssertFieldRefusedAsync(await PostAsync("null"), "body", "null body");
        var workforce = await admin.PostAsync("/api/v1/workforce/marked-days",
            new StringContent("""{"date":"2026-02-30","kind":"promotion","name":"x"}""", Encoding.UTF8, "application/json"));
        await AssertFieldRefusedAsync(workforce, "date", "impossible DateOnly");
        // A query value of the wrong type names the parameter as well.
        await AssertFieldRefusedAsync(await admin.GetAsync("/api/v1/tickets?customerId=not-a-guid"), "customerId", "query guid");
        await AssertFieldRefusedAsync(await admin.GetAsync("/api/v1/calendars/standard/due?from=yesterday&businessMinutes=5"), "from", "query date");
        // Wrong media type: a client error, not a server one.
        var text = await admin.PostAsync("/api/v1/tickets", new StringContent("{}", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }
}

public sealed class BadInputSqliteTests(SqliteHost host) : BadInputTests(host), IClassFixture<SqliteHost>;

public sealed class BadInputPostgresTests(PostgresHost host) : BadInputTests(host), IClassFixture<PostgresHost>;
