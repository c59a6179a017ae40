using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

/// <summary>
/// Sign-in as an attacker would try it (issue 15): replayed cookies, guessed codes, enumeration by answer
/// and by timing, password storms. This host runs with the shipped limits, not the tests' generous ones.
/// </summary>
public sealed partial class SignInSecurityTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?>
        {
            ["RateLimits:SignInPerMinute"] = "10",
            ["RateLimits:CodesPerHour"] = "10",
            ["Security:AccountFailureLimit"] = "30",
        });
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static HttpClient From(HttpClient client, string address)
    {
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private HttpClient Client(string address) =>
        From(_factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false }), address);

    private async Task<string> NewCustomerPhoneAsync()
    {
        var admin = From(await _factory.AdminClientAsync(), "10.9.9.9");
        var phone = TestData.NewPhone();
        (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "王五", phone })).EnsureSuccessStatusCode();
        return phone;
    }

    private async Task<string> LastCodeSentToAsync(string phone)
    {
        await _factory.DispatchNotificationsAsync();
        var masked = phone[..3] + "****" + phone[^4..];
        return SixDigits().Match(_factory.Outbox("sms").Last(m => m.To == masked).Body).Value;
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex SixDigits();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    [Fact]
    public async Task Replaying_the_first_cookie_twenty_times_cannot_guess_the_phone_sign_in_code()
    {
        var phone = await NewCustomerPhoneAsync();
        var browser = Client("198.51.100.20");
        // The visitor's first page: its cookies and form token are what an attacker replays every time.
        var page = await browser.GetAsync("/account/phone");
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;

        async Task<HttpResponseMessage> PostAsync(string op, string code)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/phone")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "phone-login", ["__RequestVerificationToken"] = token,
                    ["Input.Op"] = op, ["Input.Phone"] = phone, ["Input.Code"] = code,
                }),
            };
            request.Headers.Add("Cookie", cookie);
            return await browser.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync("send", "")).StatusCode);
        var right = await LastCodeSentToAsync(phone);
        var wrongCode = right == "000000" ? "111111" : "000000";
        var answers = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var response = await PostAsync("verify", wrongCode);
            answers.Add(response.StatusCode == HttpStatusCode.TooManyRequests ? "429" : await response.Content.ReadAsStringAsync());
        }
        // Each wrong try counts on the server whatever cookie comes back; the fifth kills the code; the page
        // shares the hourly code budget, so this client is stopped after ten posts (one send and nine tries).
        Assert.Contains("还可尝试 4 次", answers[0]);
        Assert.Contains("还可尝试 1 次", answers[3]);
        Assert.All(answers[4..9], a => Assert.Contains("验证码无效", a));
        Assert.All(answers[9..], a => Assert.Equal("429", a));

        // From a fresh address, with the right code: the code is dead.
        var api = Client("198.51.100.21");
        var login = await api.PostAsJsonAsync("/api/v1/auth/phone/login", new { phone, code = right });
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        Assert.Contains("验证码无效", (await login.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
    }

    [Fact]
    public async Task Phone_code_is_dead_after_five_wrong_tries_through_the_api_and_works_once_otherwise()
    {
        var phone = await NewCustomerPhoneAsync();
        var api = Client("198.51.100.30");
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/auth/phone/code", new { phone })).StatusCode);
        var right = await LastCodeSentToAsync(phone);
        var wrong = right == "000000" ? "111111" : "000000";
        // Five guesses at once from five addresses: each counts, none is lost to a race.
        var guesses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            Client($"198.51.100.{40 + i}").PostAsJsonAsync("/api/v1/auth/phone/login", new { phone, code = wrong })));
        Assert.All(guesses, g => Assert.NotEqual(HttpStatusCode.OK, g.StatusCode));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("198.51.100.50").PostAsJsonAsync("/api/v1/auth/phone/login", new { phone, code = right })).StatusCode);

        // A new code signs in once; the same code again is refused.
        Assert.Equal(HttpStatusCode.Accepted, (await api.PostAsJsonAsync("/api/v1/auth/phone/code", new { phone })).StatusCode);
        var fresh = await LastCodeSentToAsync(phone);
        Assert.Equal(HttpStatusCode.OK, (await Client("198.51.100.51").PostAsJsonAsync("/api/v1/auth/phone/login", new { phone, code = fresh })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client("198.51.100.52").PostAsJsonAsync("/api/v1/auth/phone/login", new { phone, code = fresh })).StatusCode);
    }

    [Fact]
    public async Task Complaint_sms_verification_code_dies_after_five_wrong_tries_even_in_parallel()
    {
        var admin = From(await _factory.AdminClientAsync(), "10.9.9.8");
        var phone = TestData.NewPhone();
        var ticket = (await (await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name = "赵六", phone }, subject = "账户被冻结", description = "无法付款", category = "account_frozen",
        })).Content.ReadFromJsonAsync<TicketDto>())!;
        var challenge = (await (await admin.PostAsJsonAsync($"/api/v1/tickets/{ticket.Id}/verification", new { method = "sms_code" }))
            .Content.ReadFromJsonAsync<Complaints.ComplaintJourneyTests.ChallengeDto>())!;
        var right = await LastCodeSentToAsync(phone);
        var wrong = right == "000000" ? "111111" : "000000";
        var url = $"/api/v1/tickets/{ticket.Id}/verification/{challenge.ChallengeId}/confirm";
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => (await admin.PostAsJsonAsync(url, new { code = wrong })).StatusCode));
        Assert.True(answers.Count(a => a == HttpStatusCode.BadRequest) <= 4, string.Join(",", answers));
        Assert.Equal(HttpStatusCode.Locked, (await admin.PostAsJsonAsync(url, new { code = right })).StatusCode);
    }

    [Fact]
    public async Task Twenty_wrong_passwords_throttle_that_client_and_the_real_user_signs_in_elsewhere_first_time()
    {
        var attacker = Client("203.0.113.9");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 20; i++)
        {
            var response = await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = $"Guess-{i}-Passw0rd" });
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(10, statuses.Count(s => s == HttpStatusCode.TooManyRequests));

        var user = Client("198.51.100.7");
        var login = await user.PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }

    [Fact]
    public async Task A_storm_from_many_addresses_holds_back_strangers_but_not_a_device_that_signed_in_before()
    {
        var email = $"storm{TestData.NewPhone()}@paydesk.local";
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var (created, errors) = await scope.ServiceProvider.GetRequiredService<PayDesk.Features.Identity.UserAccounts>()
                .CreateAsync(email, "坐席", "agent", PayDeskFactory.AdminPassword);
            Assert.True(created is not null, string.Join(" ", errors));
        }
        // The real user's browser signs in once and keeps its device cookie.
        var trusted = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        From(trusted, "198.51.100.99");
        Assert.Equal(HttpStatusCode.OK, (await trusted.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PayDeskFactory.AdminPassword })).StatusCode);

        for (var i = 0; i < 30; i++)
        {
            await Client($"192.0.2.{i + 1}").PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"Guess-{i}-Passw0rd" });
        }
        var stranger = await Client("192.0.2.200").PostAsJsonAsync("/api/v1/auth/login", new { email, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await trusted.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PayDeskFactory.AdminPassword })).StatusCode);
    }

    [Fact]
    public async Task One_client_alone_cannot_push_an_account_into_back_off_for_its_owner()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Security:AccountFailureLimit"] = "30" });
        factory.StartServer();
        HttpClient At(string address) => From(factory.CreateClient(), address);
        // Even with no per-client rate limit, one address adds at most five failures to the account's count,
        // and look-alike spellings of the e-mail ("ſ" for "s") count on the same account.
        var attacker = At("203.0.113.77");
        for (var i = 0; i < 40; i++)
        {
            var email = i % 2 == 0 ? PayDeskFactory.AdminEmail : PayDeskFactory.AdminEmail.Replace("s", "ſ");
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsJsonAsync("/api/v1/auth/login", new { email, password = $"Guess-{i}-Passw0rd" })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await At("198.51.100.77").PostAsJsonAsync("/api/v1/auth/login",
            new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword })).StatusCode);
        // Six addresses of one IPv6 /64 are one client.
        for (var i = 0; i < 30; i++)
        {
            await At($"2001:db8:1:2::{i + 1:x}").PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = $"Guess-{i}-Passw0rd" });
        }
        Assert.Equal(HttpStatusCode.OK, (await At("198.51.100.78").PostAsJsonAsync("/api/v1/auth/login",
            new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword })).StatusCode);
    }

    [Fact]
    public async Task The_web_login_form_answers_429_with_a_page_after_too_many_posts()
    {
        var browser = Client("203.0.113.50");
        var page = await browser.GetAsync("/account/login");
        var cookie = string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var token = AntiforgeryField().Match(await page.Content.ReadAsStringAsync()).Groups[1].Value;
        HttpResponseMessage? last = null;
        for (var i = 0; i < 12; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["_handler"] = "login", ["__RequestVerificationToken"] = token,
                    ["Input.Email"] = "nobody@example.cn", ["Input.Password"] = "Wrong-Passw0rd-1",
                }),
            };
            request.Headers.Add("Cookie", cookie);
            request.Headers.Add("Accept", "text/html");
            last = await browser.SendAsync(request);
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.Equal("text/html", last.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"rate-limited\"", await last.Content.ReadAsStringAsync());
    }
}

/// <summary>Timing is measured alone: other test classes running beside it on two cores would only add noise.</summary>
[CollectionDefinition(nameof(TimingCollection), DisableParallelization = true)]
public sealed class TimingCollection;

// scripts/test runs the "Timing" category alone after the other suites (they run side by side).
[Collection(nameof(TimingCollection)), Trait("Category", "Timing")]
public sealed class EnumerationTimingTests
{
    [Fact]
    public async Task Known_and_unknown_emails_and_phones_get_the_same_answer_in_the_same_time()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["OneTimeCodes:MaxPerSubjectPerHour"] = "50" },
            productionPasswordHashing: true);
        factory.StartServer();
        var client = factory.CreateClient();
        var admin = await factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        (await admin.PostAsJsonAsync("/api/v1/customers", new { name = "孙七", phone })).EnsureSuccessStatusCode();
        var unknownPhone = TestData.NewPhone();

        async Task<(HttpStatusCode Status, string Body, double Ms)> TimeAsync(string url, object body)
        {
            var watch = Stopwatch.StartNew();
            var response = await client.PostAsJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();
            watch.Stop();
            return (response.StatusCode, Regex.Replace(text, "\"traceId\":\"[^\"]*\"", ""), watch.Elapsed.TotalMilliseconds);
        }

        // Warm up both paths (JIT, connection pools) before measuring.
        for (var i = 0; i < 3; i++)
        {
            await TimeAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = "Wrong-Passw0rd-x" });
            await TimeAsync("/api/v1/auth/login", new { email = "nobody@example.cn", password = "Wrong-Passw0rd-x" });
        }
        var known = new List<(HttpStatusCode Status, string Body, double Ms)>();
        var unknown = new List<(HttpStatusCode Status, string Body, double Ms)>();
        var knownPhone = new List<(HttpStatusCode Status, string Body, double Ms)>();
        var unknownPhoneAnswers = new List<(HttpStatusCode Status, string Body, double Ms)>();
        for (var i = 0; i < 50; i++)
        {
            known.Add(await TimeAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = "Wrong-Passw0rd-x" }));
            // One unknown e-mail tried as often as the known one: both then carry the same failure counters, so
            // only account existence could make a difference.
            unknown.Add(await TimeAsync("/api/v1/auth/login", new { email = "nobody@example.cn", password = "Wrong-Passw0rd-x" }));
            knownPhone.Add(await TimeAsync("/api/v1/auth/phone/code", new { phone }));
            unknownPhoneAnswers.Add(await TimeAsync("/api/v1/auth/phone/code", new { phone = unknownPhone }));
        }
        Assert.Single(known.Concat(unknown).Select(a => (a.Status, a.Body)).Distinct());
        Assert.Single(knownPhone.Concat(unknownPhoneAnswers).Select(a => (a.Status, a.Body)).Distinct());
        Assert.Equal(HttpStatusCode.Unauthorized, known[0].Status);
        Assert.Equal(HttpStatusCode.Accepted, knownPhone[0].Status);

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return (sorted[sorted.Length / 2] + sorted[(sorted.Length - 1) / 2]) / 2;
        }
        // Known and unknown tries alternate, so each pair shares whatever else the two cores were doing: the
        // median of the paired differences is the gap an observer could use, without the machine's noise.
        var emailGap = Math.Abs(Median(known.Zip(unknown, (k, u) => u.Ms - k.Ms)));
        var phoneGap = Math.Abs(Median(knownPhone.Zip(unknownPhoneAnswers, (k, u) => u.Ms - k.Ms)));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"[figure] enumeration timing: e-mail known {Median(known.Select(a => a.Ms)):0.0} ms vs unknown {Median(unknown.Select(a => a.Ms)):0.0} ms; "
            + $"phone code known {Median(knownPhone.Select(a => a.Ms)):0.0} ms vs unknown {Median(unknownPhoneAnswers.Select(a => a.Ms)):0.0} ms (medians of 50)");
        TestContext.Current.TestOutputHelper?.WriteLine($"[figure] enumeration timing gap: e-mail {emailGap:0.00} ms, phone {phoneGap:0.00} ms (median of 50 paired differences; limit 5 ms)");
        Assert.True(emailGap < 5, $"e-mail median gap {emailGap:0.00} ms");
        Assert.True(phoneGap < 5, $"phone median gap {phoneGap:0.00} ms");
    }
}
