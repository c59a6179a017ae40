using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OtpNet;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

/// <summary>Accounts people manage themselves and administrators manage for them (issue 15 §4).</summary>
public abstract class AccountApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    private async Task<(HttpClient Client, Guid Id, string Email)> NewAgentAsync()
    {
        var (client, id) = await host.NewStaffClientAsync("agent");
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/auth/me");
        return (client, id, me.GetProperty("email").GetString()!);
    }

    private async Task<HttpResponseMessage> LoginAsync(string email, string password, string? code = null, string? recovery = null) =>
        await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password, twoFactorCode = code, twoFactorRecoveryCode = recovery });

    private HttpClient Bearer(string token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Signing_out_ends_the_token_and_its_refresh_token_on_the_server()
    {
        var (_, _, email) = await NewAgentAsync();
        var login = await LoginAsync(email, PayDeskFactory.AdminPassword);
        var tokens = (await login.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        var client = Bearer(tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/logout", null)).StatusCode);
        // A copy of the token kept elsewhere is dead too, and its refresh token buys no new one.
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, PayDeskFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Signing_out_on_one_device_leaves_the_others_signed_in_and_signing_out_everywhere_ends_them_all()
    {
        var (_, _, email) = await NewAgentAsync();
        async Task<PayDeskFactory.TokenResponse> SignInAsync() =>
            (await (await LoginAsync(email, PayDeskFactory.AdminPassword)).Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        var phone = await SignInAsync();
        var laptop = await SignInAsync();
        var tablet = await SignInAsync();

        // The phone signs out: the laptop and the tablet go on, and the laptop's refresh keeps working.
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(phone.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(phone.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = phone.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(laptop.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        var refreshed = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = laptop.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var laptop2 = (await refreshed.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(laptop2.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);

        // A refreshed token is the same session: signing it out ends the token it came from as well.
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(laptop2.AccessToken).PostAsync("/api/v1/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(laptop.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(tablet.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);

        // Everywhere: the tablet and a new sign-in end together.
        var desk = await SignInAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(desk.AccessToken).PostAsync("/api/v1/auth/logout-all", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tablet.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(desk.AccessToken).GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = tablet.RefreshToken })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, PayDeskFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task A_person_changes_their_password_and_old_tokens_stop_working()
    {
        var (client, _, email) = await NewAgentAsync();
        var common = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = PayDeskFactory.AdminPassword, newPassword = "Password2026!" });
        Assert.Equal(HttpStatusCode.BadRequest, common.StatusCode);
        Assert.Contains("newPassword", (await common.Content.ReadFromJsonAsync<ProblemDto>())!.Errors!.Keys);

        var wrongCurrent = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = "Not-the-passw0rd", newPassword = "Kestrel-Harbour-58" });
        Assert.Equal(HttpStatusCode.BadRequest, wrongCurrent.StatusCode);

        var changed = await client.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = PayDeskFactory.AdminPassword, newPassword = "Kestrel-Harbour-58" });
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, PayDeskFactory.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, "Kestrel-Harbour-58")).StatusCode);
    }

    [Fact]
    public async Task An_administrator_resets_a_password_that_must_be_changed_at_the_next_sign_in()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, id, email) = await NewAgentAsync();
        var reset = await admin.PostAsync($"/api/v1/users/{id}/password-reset", null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var temporary = (await reset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("temporaryPassword").GetString()!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/v1/tickets")).StatusCode);

        var login = await LoginAsync(email, temporary);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!.AccessToken;
        var restricted = Bearer(token);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.GetAsync("/api/v1/tickets")).StatusCode);
        // An address that merely ends like a file is no way round it (".ics" passed as if it were a style sheet).
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.GetAsync("/api/v1/calendars/extended/export.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await restricted.GetAsync("/api/v1/tickets/x.css")).StatusCode);
        Assert.True((await restricted.GetFromJsonAsync<JsonElement>("/api/v1/auth/me")).GetProperty("mustChangePassword").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent,
            (await restricted.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = temporary, newPassword = "Lantern-Orchid-73" })).StatusCode);
        var fresh = await Factory.ClientForAsync(email, "Lantern-Orchid-73");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/v1/tickets")).StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/audit?entityType=AppUser&entityId={id}");
        Assert.Contains("password_reset", audit.GetRawText());
    }

    [Fact]
    public async Task A_deactivated_person_is_refused_within_a_second_and_can_be_reactivated()
    {
        var admin = await Factory.AdminClientAsync();
        var (agent, id, email) = await NewAgentAsync();
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/tickets")).StatusCode);

        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode);
        var refused = await agent.GetAsync("/api/v1/tickets");
        watch.Stop();
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Forbidden, (await LoginAsync(email, PayDeskFactory.AdminPassword)).StatusCode);

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/users?pageSize=100");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), u => u.GetProperty("id").GetGuid() == id && !u.GetProperty("active").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/users/{id}/reactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, PayDeskFactory.AdminPassword)).StatusCode);
        // The old token stays dead (deactivation renewed the security stamp); a new one works, without admin rights.
        Assert.Equal(HttpStatusCode.Unauthorized, (await agent.GetAsync("/api/v1/tickets")).StatusCode);
        var again = await Factory.ClientForAsync(email, PayDeskFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.PostAsync($"/api/v1/users/{id}/deactivate", null)).StatusCode);
    }

    [Fact]
    public async Task Staff_enrol_an_authenticator_and_then_sign_in_with_its_code_or_a_recovery_code_once()
    {
        var (agent, _, email) = await NewAgentAsync();
        var setup = await agent.GetFromJsonAsync<JsonElement>("/api/v1/auth/2fa");
        Assert.False(setup.GetProperty("enabled").GetBoolean());
        var key = setup.GetProperty("sharedKey").GetString()!.Replace(" ", "").ToUpperInvariant();
        Assert.StartsWith("otpauth://totp/PayDesk:", setup.GetProperty("authenticatorUri").GetString());
        var totp = new Totp(Base32Encoding.ToBytes(key));

        Assert.Equal(HttpStatusCode.BadRequest, (await agent.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = "000000" == totp.ComputeTotp() ? "111111" : "000000" })).StatusCode);
        var enabling = totp.ComputeTotp();
        var enabled = await agent.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = enabling });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var recovery = (await enabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.Equal(10, recovery.Count);

        var passwordOnly = await LoginAsync(email, PayDeskFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.Unauthorized, passwordOnly.StatusCode);
        Assert.True((await passwordOnly.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("twoFactorRequired").GetBoolean());
        // Each code counts once: the one typed to turn it on, and the one just used to sign in, are refused again.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, PayDeskFactory.AdminPassword, enabling)).StatusCode);
        var previous = totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30));
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, PayDeskFactory.AdminPassword, previous)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, PayDeskFactory.AdminPassword, previous)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(email, PayDeskFactory.AdminPassword, recovery: recovery[0])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(email, PayDeskFactory.AdminPassword, recovery: recovery[0])).StatusCode);
        // The key is not shown again once enrolled.
        var after = await (await Factory.ClientForTwoFactorAsync(email, PayDeskFactory.AdminPassword, totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)))).GetFromJsonAsync<JsonElement>("/api/v1/auth/2fa");
        Assert.True(after.GetProperty("enabled").GetBoolean());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("sharedKey").ValueKind);
    }

    [Fact]
    public async Task Customers_change_their_password_too_but_have_no_authenticator()
    {
        var (customer, _) = await host.NewCustomerClientAsync(await Factory.AdminClientAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/v1/auth/2fa")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await customer.PostAsJsonAsync("/api/v1/auth/password", new { currentPassword = PayDeskFactory.AdminPassword, newPassword = "Meadow-Compass-91" })).StatusCode);
    }
}

public sealed class AccountApiSqliteTests(SqliteHost host) : AccountApiTests(host), IClassFixture<SqliteHost>;

public sealed class AccountApiPostgresTests(PostgresHost host) : AccountApiTests(host), IClassFixture<PostgresHost>;

/// <summary>With the setting on, admins and supervisors must enrol a second factor before they can work.</summary>
public sealed class RequiredTwoFactorTests : IAsyncLifetime
{
    private PayDeskFactory _factory = null!;

    public ValueTask InitializeAsync()
    {
        _factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Security:RequireTwoFactorForPrivilegedRoles"] = "true" });
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task An_admin_without_an_authenticator_reaches_only_the_enrolment()
    {
        var admin = await _factory.AdminClientAsync();
        var blocked = await admin.GetAsync("/api/v1/tickets");
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Contains("身份验证器", (await blocked.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
        var setup = await admin.GetFromJsonAsync<JsonElement>("/api/v1/auth/2fa");
        var totp = new Totp(Base32Encoding.ToBytes(setup.GetProperty("sharedKey").GetString()!.Replace(" ", "").ToUpperInvariant()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/v1/auth/2fa/enable", new { code = totp.ComputeTotp() })).StatusCode);

        var enrolled = await _factory.ClientForTwoFactorAsync(PayDeskFactory.AdminEmail, PayDeskFactory.AdminPassword, totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        Assert.Equal(HttpStatusCode.OK, (await enrolled.GetAsync("/api/v1/tickets")).StatusCode);
    }
}
