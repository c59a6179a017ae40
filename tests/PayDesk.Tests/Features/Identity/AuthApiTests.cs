using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Identity;
using PayDesk.Tests.Infrastructure;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Identity;

public abstract class AuthApiTests(HostFixture host)
{
    private PayDeskFactory Factory => host.Factory;

    [Fact]
    public async Task Admin_signs_in_and_gets_a_bearer_token_that_refreshes()
    {
        var client = Factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/v1/auth/login", new { email = PayDeskFactory.AdminEmail, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = (await login.Content.ReadFromJsonAsync<PayDeskFactory.TokenResponse>())!;
        Assert.Equal("Bearer", token.TokenType);

        client.DefaultRequestHeaders.Authorization = new("Bearer", token.AccessToken);
        var me = await client.GetFromJsonAsync<MeDto>("/api/v1/auth/me");
        Assert.Equal(["admin"], me!.Roles);

        var refreshed = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = token.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var bogus = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken = "nonsense" });
        Assert.Equal(HttpStatusCode.Unauthorized, bogus.StatusCode);
    }

    [Fact]
    public async Task Wrong_passwords_never_lock_the_account_for_its_owner()
    {
        var email = $"lock{TestData.NewPhone()}@example.cn";
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var (user, _) = await accounts.CreateAsync(email, "坐席", "agent", PayDeskFactory.AdminPassword);
            Assert.NotNull(user);
        }

        var client = Factory.CreateClient();
        for (var i = 0; i < 8; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = "Wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        }
        var right = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password = PayDeskFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Fact]
    public async Task Login_without_fields_names_them()
    {
        var response = await Factory.CreateClient().PostAsJsonAsync("/api/v1/auth/login", new { email = "" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDto>())!;
        Assert.Equal(["email", "password"], problem.Errors!.Keys.Order());
    }

    public sealed record MeDto(Guid Id, string Email, string DisplayName, List<string> Roles, Guid? CustomerId);
}

public sealed class AuthApiSqliteTests(SqliteHost host) : AuthApiTests(host), IClassFixture<SqliteHost>;

public sealed class AuthApiPostgresTests(PostgresHost host) : AuthApiTests(host), IClassFixture<PostgresHost>;
