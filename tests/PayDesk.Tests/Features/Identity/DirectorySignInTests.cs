using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Identity;
using PayDesk.Features.Identity.Ldap;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

/// <summary>PayDesk hosts whose sign-in asks the real OpenLDAP that scripts/test starts.</summary>
public abstract class DirectoryHost(Provider provider) : IAsyncLifetime
{
    private PayDeskFactory? _factory;

    public PayDeskFactory Factory
    {
        get
        {
            LdapTestServer.RequireOrSkip();
            if (_factory is null)
            {
                if (Environment.GetEnvironmentVariable("PAYDESK_REQUIRE_POSTGRES") == "1")
                {
                    throw new InvalidOperationException("PAYDESK_REQUIRE_POSTGRES=1 but PAYDESK_TEST_POSTGRES is not set.");
                }
                Assert.Skip("PostgreSQL tests need PAYDESK_TEST_POSTGRES; scripts/test starts a server and sets it.");
            }
            return _factory;
        }
    }

    public ValueTask InitializeAsync()
    {
        if (LdapTestServer.Address is null) return ValueTask.CompletedTask;
        if (provider == Provider.Postgres && PostgresServer.ConnectionString is null) return ValueTask.CompletedTask;
        _factory = new PayDeskFactory(provider, settings: LdapTestServer.Settings());
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }
}

public sealed class SqliteDirectoryHost() : DirectoryHost(Provider.Sqlite);

public sealed class PostgresDirectoryHost() : DirectoryHost(Provider.Postgres);

public abstract class DirectorySignInTests(DirectoryHost host)
{
    private PayDeskFactory Factory => host.Factory;

    [Fact]
    public async Task Directory_agent_signs_in_by_uid_or_mail_and_gets_the_agent_role_and_the_directory_name()
    {
        var byUid = await LoginAsync("alice", LdapTestServer.PasswordOf("Alice"));
        Assert.Equal(HttpStatusCode.OK, byUid.StatusCode);
        var (me, client) = await MeAndClientAsync(byUid);
        Assert.Equal(["agent"], me.Roles);
        Assert.Equal("Alice Agent", me.DisplayName);
        Assert.Equal("alice@paydesk.test", me.Email);

        var byMail = await LoginAsync("alice@paydesk.test", LdapTestServer.PasswordOf("Alice"));
        Assert.Equal(HttpStatusCode.OK, byMail.StatusCode);
        Assert.Equal(me.Id, (await MeAsync(byMail)).Id);

        // An agent works complaints but is no administrator.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/channels/quarantine")).StatusCode);
    }

    [Fact]
    public async Task Directory_admin_gets_admin_and_someone_in_two_groups_gets_both_roles()
    {
        var bob = await LoginAsync("bob", LdapTestServer.PasswordOf("Bob"));
        Assert.Equal(HttpStatusCode.OK, bob.StatusCode);
        var (bobMe, admin) = await MeAndClientAsync(bob);
        Assert.Equal(["admin"], bobMe.Roles);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/channels/quarantine")).StatusCode);

        var carol = await LoginAsync("carol", LdapTestServer.PasswordOf("Carol"));
        Assert.Equal(["agent", "supervisor"], (await MeAsync(carol)).Roles.Order());
    }

    [Fact]
    public async Task Wrong_directory_password_is_refused_with_the_same_answer_as_an_unknown_person()
    {
        var wrong = await LoginAsync("alice", "Not-Alices-Passw0rd");
        var unknown = await LoginAsync("nobody-here", "Not-Alices-Passw0rd");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await unknown.Content.ReadFromJsonAsync<ProblemDto>())!.Detail, (await wrong.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
    }

    [Fact]
    public async Task Empty_password_never_reaches_the_directory_as_an_anonymous_bind()
    {
        // The API refuses an empty password as a missing field …
        Assert.Equal(HttpStatusCode.BadRequest, (await LoginAsync("alice", "")).StatusCode);
        // … and the use case itself refuses it too (an unauthenticated simple bind "succeeds" on many servers).
        await using var scope = Factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<DirectorySignIn>();
        var result = await signIn.SignInAsync("alice", "", DirectorySignInMode.Bearer);
        Assert.Equal(DirectorySignInOutcome.Refused, result.Outcome);
        Assert.Null(result.Principal);
        // Nor does a password that the native library would cut short at a NUL.
        var cut = await signIn.SignInAsync("alice", LdapTestServer.PasswordOf("Alice") + "\0whatever", DirectorySignInMode.Bearer);
        Assert.Equal(DirectorySignInOutcome.Refused, cut.Outcome);
    }

    [Fact]
    public async Task Person_with_the_right_password_but_no_mapped_group_is_refused_like_a_wrong_password()
    {
        var dave = await LoginAsync("dave", LdapTestServer.PasswordOf("Dave"));
        Assert.Equal(HttpStatusCode.Unauthorized, dave.StatusCode);
        var wrong = await LoginAsync("dave", "Not-Daves-Passw0rd");
        Assert.Equal((await wrong.Content.ReadFromJsonAsync<ProblemDto>())!.Detail, (await dave.Content.ReadFromJsonAsync<ProblemDto>())!.Detail);
    }

    [Fact]
    public async Task Taking_a_person_out_of_a_group_removes_the_role_at_the_next_sign_in_and_out_of_all_refuses_them()
    {
        var uid = "mover" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Mover-Directory-Passw0rd";
        var dn = LdapTestServer.AddPerson(uid, "Mo Ver", password, "agents", "supervisors");

        var first = await LoginAsync(uid, password);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(["agent", "supervisor"], (await MeAsync(first)).Roles.Order());

        LdapTestServer.SetMember("supervisors", dn, member: false);
        var second = await LoginAsync(uid, password);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["agent"], (await MeAsync(second)).Roles);

        LdapTestServer.SetMember("agents", dn, member: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(uid, password)).StatusCode);
        // The local account keeps no staff role either (nothing left for a stale session to re-read).
        await using var scope = Factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.Users.SingleAsync(u => u.DirectoryDn == dn);
        Assert.Empty(await users.GetRolesAsync(user));
        Assert.Null(user.PasswordHash);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("al*")]
    [InlineData("alice)(uid=*")]
    [InlineData("*)(|(uid=*")]
    [InlineData("*)(objectClass=*")]
    [InlineData("alice\0")]
    public async Task Filter_syntax_in_the_name_is_a_literal_value_and_signs_nobody_in(string identifier)
    {
        // With alice's real password: an unescaped "al*" or "*" would find alice and let the bind succeed.
        var response = await LoginAsync(identifier, LdapTestServer.PasswordOf("Alice"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Local_accounts_still_sign_in_with_their_local_password_while_the_directory_is_on()
    {
        var response = await LoginAsync(PayDeskFactory.AdminEmail, PayDeskFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["admin"], (await MeAsync(response)).Roles);
    }

    [Fact]
    public async Task A_directory_entry_carrying_a_local_accounts_email_does_not_take_that_account_over()
    {
        var uid = "twin" + Guid.NewGuid().ToString("N")[..8];
        const string password = "Twin-Directory-Passw0rd";
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var (existing, errors) = await accounts.CreateAsync(uid + "@paydesk.test", "本地账户", Roles.Customer, PayDeskFactory.AdminPassword);
            Assert.True(existing is not null, string.Join(" ", errors));
        }
        LdapTestServer.AddPerson(uid, "Twin Agent", password, "agents");

        // By e-mail the local account answers (local password only) …
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(uid + "@paydesk.test", password)).StatusCode);
        var local = await LoginAsync(uid + "@paydesk.test", PayDeskFactory.AdminPassword);
        Assert.Equal(["customer"], (await MeAsync(local)).Roles);
        // … and by uid the directory refuses to bind its entry to the existing account.
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(uid, password)).StatusCode);
    }

    private Task<HttpResponseMessage> LoginAsync(string email, string password) =>
        Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email, password });

    private async Task<HttpClient> BearerClientAsync(HttpResponseMessage login)
    {
        var token = (await login.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        return client;
    }

    private async Task<AuthApiTests.MeDto> MeAsync(HttpResponseMessage login) => (await MeAndClientAsync(login)).Me;

    /// <summary>Who the token of a sign-in says, and a client that carries that token (the body can be read once).</summary>
    private async Task<(AuthApiTests.MeDto Me, HttpClient Client)> MeAndClientAsync(HttpResponseMessage login)
    {
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var client = await BearerClientAsync(login);
        return ((await client.GetFromJsonAsync<AuthApiTests.MeDto>("/api/v1/auth/me"))!, client);
    }
}

public sealed class DirectorySignInSqliteTests(SqliteDirectoryHost host) : DirectorySignInTests(host), IClassFixture<SqliteDirectoryHost>;

public sealed class DirectorySignInPostgresTests(PostgresDirectoryHost host) : DirectorySignInTests(host), IClassFixture<PostgresDirectoryHost>;
