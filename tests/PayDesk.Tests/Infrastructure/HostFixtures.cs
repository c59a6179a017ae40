using Microsoft.EntityFrameworkCore;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Infrastructure;

/// <summary>One PayDesk host per test class and provider; tests in a class share its database.</summary>
public abstract class HostFixture(Provider provider, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
    bool demo = false) : IAsyncLifetime
{
    private PayDeskFactory? _factory;

    public Provider Provider => provider;

    /// <summary>The host; skips the test when its PostgreSQL server is not configured (outside scripts/test).</summary>
    public PayDeskFactory Factory
    {
        get
        {
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

    /// <summary>Starts the host; a subclass may first start what the settings point at (a stand-in for an outside API).</summary>
    public virtual ValueTask InitializeAsync()
    {
        if (provider == Provider.Postgres && PostgresServer.ConnectionString is null) return ValueTask.CompletedTask;
        _factory = new PayDeskFactory(provider, demo: demo, settings: settings, services: services);
        _factory.StartServer();
        return ValueTask.CompletedTask;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
    }

    /// <summary>Creates a customer record and a customer login for it; returns a signed-in client.</summary>
    public async Task<(HttpClient Client, Guid CustomerId)> NewCustomerClientAsync(HttpClient staff)
    {
        var phone = TestData.NewPhone();
        var created = await staff.PostAsJsonAsync("/api/v1/customers", new { name = "测试客户", phone, email = $"c{phone}@example.cn" });
        created.EnsureSuccessStatusCode();
        var customer = await created.Content.ReadFromJsonAsync<CustomerDto>();
        await using var scope = Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var email = $"c{phone}@example.cn";
        var (user, errors) = await accounts.CreateAsync(email, "测试客户", Roles.Customer, PayDeskFactory.AdminPassword, customer!.Id);
        Assert.True(user is not null, string.Join(" ", errors));
        return (await Factory.ClientForAsync(email, PayDeskFactory.AdminPassword), customer.Id);
    }
}

public static class HostFixtureExtensions
{
    /// <summary>Creates a staff login with the given role; returns a signed-in client and the user's id.</summary>
    public static async Task<(HttpClient Client, Guid UserId)> NewStaffClientAsync(this HostFixture host, string role, string name = "坐席")
    {
        var email = $"{role}{TestData.NewPhone()}@paydesk.local";
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var (user, errors) = await accounts.CreateAsync(email, name, role, PayDeskFactory.AdminPassword);
        Assert.True(user is not null, string.Join(" ", errors));
        return (await host.Factory.ClientForAsync(email, PayDeskFactory.AdminPassword), user!.Id);
    }

    /// <summary>Marks a complaint's complainant verified, as the agent's SMS-code check leaves it (the verification flow has its own tests).</summary>
    public static async Task MarkVerifiedAsync(this PayDeskFactory factory, Guid ticketId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PayDesk.Infrastructure.Data.AppDbContext>();
        var row = await db.Tickets.SingleAsync(t => t.Id == ticketId);
        row.VerifiedAt = DateTime.UtcNow;
        row.VerificationMethod = PayDesk.Features.Complaints.VerificationMethod.SmsCode;
        await db.SaveChangesAsync();
    }
}

public sealed class SqliteHost() : HostFixture(Provider.Sqlite);

public sealed class PostgresHost() : HostFixture(Provider.Postgres);

/// <summary>A SQLite host with the channel adapters' test secrets (ChannelTestKit), shared by a test class.</summary>
public sealed class SqliteChannelHost() : HostFixture(Provider.Sqlite, PayDesk.Tests.Features.Channels.ChannelTestKit.Settings());

public static class TestData
{
    private static int _counter = Random.Shared.Next(0, 1_000_000);

    /// <summary>A unique, valid mainland mobile number for this test run.</summary>
    public static string NewPhone() => "139" + (Interlocked.Increment(ref _counter) % 100_000_000).ToString("D8");

    public static string Token() => "tk" + Guid.NewGuid().ToString("N")[..10];
}

public sealed record CustomerDto(Guid Id, string Name, string Kind, string? Email, string? Phone, string? IdNumber, List<CardDto> Cards);

public sealed record CardDto(Guid Id, string BankName, string Number);

public sealed record MoneyDto(decimal Value, string Currency);

public sealed record MessageDto(Guid Id, string Visibility, string Body, string AuthorName, bool FromCustomer);

public sealed record TicketDto(
    Guid Id, string Number, string Channel, CustomerDto Customer, string Subject, string Description, string Category,
    string Priority, string Status, DateTime? OccurredAt, MoneyDto? Amount, string? TransactionId, Guid? OwnerId,
    string? Team, List<MessageDto> Messages, int EscalationLevel = 0, int ReopenCount = 0, string? RootCause = null,
    string? ResolutionCode = null, List<string>? AllowedTriggers = null);

public sealed record TimelineEntryDto(long Id, DateTime At, string ActorName, string Kind, string? FromStatus, string? ToStatus, string? Trigger, string? Reason, string? Data);

public sealed record TicketSummaryDto(Guid Id, string Number, string Subject, Guid CustomerId, string Status, string Category, string Channel);

public sealed record PageDto<T>(List<T> Items, int Page, int PageSize, int Total);

public sealed record ProblemDto(int Status, string? Title, string? Detail, Dictionary<string, string[]>? Errors, List<string>? Allowed = null);
