using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Platform;

/// <summary>
/// Group commit on SQLite (issue 21, item 8): with Storage:SqliteSynchronous=FULL connections commit with NORMAL and an
/// acknowledged write waits for a flush of the WAL that started after its commit; writes committed during a flush share
/// the next one.
/// </summary>
public sealed class SqliteGroupCommitTests
{
    private static Task FlushStartedAsync(Func<int> entered, int count) =>
        Eventually.UntilAsync(() => entered() == count, $"flush {count} has started", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

    /// <summary>Runs <paramref name="test"/> with the writer of a database in a folder of its own (a WAL file in place), then removes the folder.</summary>
    private static async Task WithWriterAsync(Func<SqliteWriter, Task> test)
    {
        var folder = Directory.CreateTempSubdirectory("paydesk-groupcommit-");
        try
        {
            var database = Path.Combine(folder.FullName, "paydesk.db");
            await File.WriteAllBytesAsync(database + "-wal", [1, 2, 3], TestContext.Current.CancellationToken);
            await test(SqliteWriter.For(database));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public Task A_write_waits_for_a_flush_that_started_after_it_and_writes_during_a_flush_share_the_next() => WithWriterAsync(async writer =>
    {
        using var hold = new SemaphoreSlim(0);
        var entered = 0;
        writer.BeforeFlush = () =>
        {
            Interlocked.Increment(ref entered);
            hold.Wait();
        };

        var first = writer.DurableAsync();
        await FlushStartedAsync(() => Volatile.Read(ref entered), 1);
        // Committed while the first flush runs: that flush may have started before their commit, so they wait for the next.
        var during = Enumerable.Range(0, 8).Select(_ => writer.DurableAsync()).ToList();
        Assert.False(first.IsCompleted);
        hold.Release();
        await first;
        await FlushStartedAsync(() => Volatile.Read(ref entered), 2);
        Assert.All(during, t => Assert.False(t.IsCompleted));
        hold.Release();
        await Task.WhenAll(during);
        Assert.Equal(2, writer.Flushes);
        Assert.Equal(2, Volatile.Read(ref entered));
    });

    [Fact]
    public Task After_a_failed_flush_no_write_is_promised_again() => WithWriterAsync(async writer =>
    {
        writer.BeforeFlush = () => throw new IOException("EIO (simulated)");
        var failed = await Assert.ThrowsAsync<IOException>(writer.DurableAsync);
        Assert.Contains("restarted", failed.Message);
        // The disk "works" again, but pages the failed flush dropped may never have reached it: still refused.
        writer.BeforeFlush = null;
        await Assert.ThrowsAsync<IOException>(writer.DurableAsync);
        Assert.Throws<IOException>(writer.Durable);
    });

    [Fact]
    public async Task With_full_durability_the_connections_write_with_normal_and_every_acknowledged_complaint_is_stored()
    {
        await using var factory = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["Storage:SqliteSynchronous"] = "FULL" });
        var admin = await factory.AdminClientAsync();
        var writer = SqliteWriter.For(Path.Combine(factory.DataDir, "paydesk.db"));
        var flushesBefore = writer.Flushes;
        var posts = Enumerable.Range(0, 40).Select(i => admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "app", customer = new { name = "张三", phone = TestData.NewPhone() }, subject = "重复扣款 " + i,
            description = "同一笔订单被扣款两次", category = "funds",
        }, TestContext.Current.CancellationToken)).ToList();
        var answers = await Task.WhenAll(posts);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        Assert.Equal(40, await db.Tickets.CountAsync(t => t.Subject.StartsWith("重复扣款 "), TestContext.Current.CancellationToken));
        await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var pragma = db.Database.GetDbConnection().CreateCommand();
        pragma.CommandText = "PRAGMA synchronous";
        Assert.Equal(1L, await pragma.ExecuteScalarAsync(TestContext.Current.CancellationToken)); // NORMAL; the flushes are PayDesk's
        var flushes = writer.Flushes - flushesBefore;
        Assert.InRange(flushes, 1, 40 * 3);
    }
}
