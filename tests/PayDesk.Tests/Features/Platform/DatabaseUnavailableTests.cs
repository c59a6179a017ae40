using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PayDesk.Infrastructure.Http;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// A database that cannot be reached for a moment (restarting, failing over, every pooled connection busy) is the
/// server's condition, not the request's fault: 503 with Retry-After, so clients retry with their Idempotency-Key and a
/// balancer does not count the node as broken. Anything else unexpected stays a 500 that names nothing internal.
/// </summary>
public sealed class DatabaseUnavailableTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    public static TheoryData<string> Unavailable => ["pool", "refused", "shutdown", "wrapped"];

    private static Exception Make(string kind) => kind switch
    {
        // What EF Core raised in the concurrent-intake run: pool exhausted, wrapped by the execution strategy.
        "pool" => new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new NpgsqlException("The connection pool has been exhausted", new TimeoutException())),
        "refused" => new NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)),
        "shutdown" => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
        "wrapped" => new Microsoft.EntityFrameworkCore.DbUpdateException("An error occurred while saving the entity changes.",
            new NpgsqlException("Exception while reading from stream", new System.IO.IOException("reset"))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Unavailable))]
    public async Task An_unreachable_database_is_a_503_with_retry_after(string kind)
    {
        var (status, retryAfter, body) = await HandleAsync(Make(kind));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, status);
        Assert.Equal("5", retryAfter);
        Assert.Equal(503, body["status"]!.GetValue<int>());
        Assert.DoesNotContain("Npgsql", body.ToJsonString());
        Assert.DoesNotContain("5432", body.ToJsonString());
    }

    [Fact]
    public async Task Other_failures_stay_a_500_and_say_nothing_of_internals()
    {
        // A constraint the code did not expect is a bug, not an outage; so is a non-transient SQLite error.
        foreach (var e in new Exception[]
        {
            new PostgresException("duplicate key value violates unique constraint \"ix_secret\"", "ERROR", "ERROR", "23505"),
            new SqliteException("SQLite Error 1: 'no such table: secrets'.", 1),
            new InvalidOperationException("Sequence contains no elements"),
        })
        {
            var (status, retryAfter, body) = await HandleAsync(e);
            Assert.Equal(StatusCodes.Status500InternalServerError, status);
            Assert.Null(retryAfter);
            Assert.DoesNotContain("secret", body.ToJsonString());
        }
    }

    private async Task<(int Status, string? RetryAfter, JsonObject Body)> HandleAsync(Exception exception)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var handler = ActivatorUtilities.CreateInstance<ApiErrorHandler>(scope.ServiceProvider);
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = "POST";
        http.Request.Path = "/api/v1/tickets";
        http.Request.Headers.Accept = "application/json";
        http.Response.Body = new MemoryStream();
        Assert.True(await handler.TryHandleAsync(http, exception, TestContext.Current.CancellationToken));
        http.Response.Body.Position = 0;
        var body = (JsonNode.Parse(http.Response.Body) as JsonObject)!;
        var retryAfter = http.Response.Headers.RetryAfter.Count == 0 ? null : http.Response.Headers.RetryAfter.ToString();
        return (http.Response.StatusCode, retryAfter, body);
    }
}
