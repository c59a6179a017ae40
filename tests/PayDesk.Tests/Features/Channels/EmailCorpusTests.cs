using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Channels;
using PayDesk.Features.Channels.Email;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>One fixture's expected fate (Fixtures/mail/manifest.json).</summary>
public sealed record MailFixture(
    string File, string Outcome, string? Subject = null, string? Name = null, string? Reason = null, string? Of = null, string? After = null,
    string? Body = null, string? BodyAlso = null, string? Lacks = null, int? Files = null, bool NullSender = false, bool Spamd = false, string? Rules = null, bool Latin = false);

/// <summary>
/// The mail corpus delivered once into one PayDesk, through the handler the SMTP listener calls. Each fixture is
/// delivered at most once here (its first result is kept), after the fixtures it answers or repeats.
/// </summary>
public sealed partial class EmailCorpus : IAsyncLifetime
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Fixtures", "mail");
    public static readonly IReadOnlyList<MailFixture> Manifest = JsonSerializer.Deserialize<List<MailFixture>>(
        File.ReadAllText(Path.Combine(Folder, "manifest.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    private readonly Dictionary<string, InboundResult> _first = [];
    private readonly SemaphoreSlim _gate = new(1, 1);
    public PayDeskFactory Factory { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        var settings = ChannelTestKit.SettingsWithSpamd();
        Factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();

    public static MailFixture Find(string file) => Manifest.Single(f => f.File == file);

    [GeneratedRegex(@"\{\{ticket:([^}]+)\}\}")]
    private static partial Regex TicketPlaceholder();

    /// <summary>The fixture's first delivery (after what it depends on), delivered now if it has not been.</summary>
    public async Task<InboundResult> DeliverAsync(MailFixture fixture)
    {
        await _gate.WaitAsync();
        try
        {
            return await DeliverLockedAsync(fixture);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<InboundResult> DeliverLockedAsync(MailFixture fixture)
    {
        if (_first.TryGetValue(fixture.File, out var known)) return known;
        foreach (var before in new[] { fixture.Of, fixture.After }.OfType<string>()) await DeliverLockedAsync(Find(before));
        var raw = await RawAsync(fixture);
        var result = await ReceiveAsync(raw, fixture.NullSender);
        _first[fixture.File] = result;
        return result;
    }

    /// <summary>The fixture's bytes, with {{ticket:file}} replaced by the number that fixture's complaint got.</summary>
    public async Task<byte[]> RawAsync(MailFixture fixture)
    {
        var raw = await File.ReadAllBytesAsync(Path.Combine(Folder, fixture.File));
        var head = Encoding.Latin1.GetString(raw);
        if (!head.Contains("{{ticket:", StringComparison.Ordinal)) return raw;
        var numbers = new Dictionary<string, string>();
        foreach (Match m in TicketPlaceholder().Matches(head)) numbers[m.Value] = (await DeliverLockedAsync(Find(m.Groups[1].Value))).TicketNumber!;
        foreach (var (placeholder, number) in numbers) head = head.Replace(placeholder, number);
        return Encoding.Latin1.GetBytes(head);
    }

    /// <summary>An expected text with its {{ticket:file}} placeholders filled in (the fixtures they name are delivered by then).</summary>
    public string Expand(string text) => TicketPlaceholder().Replace(text, m => _first[m.Groups[1].Value].TicketNumber!);

    public async Task<InboundResult> ReceiveAsync(byte[] raw, bool nullSender)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EmailReceiver>().ReceiveAsync(raw, nullSender, CancellationToken.None);
    }

    internal async Task<T> QueryAsync<T>(Func<AppDbContext, Task<T>> query)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public async Task DeliverAllAsync()
    {
        foreach (var fixture in Manifest) await DeliverAsync(fixture);
    }

    public IReadOnlyDictionary<string, InboundResult> First => _first;
}

/// <summary>
/// At least 60 real-world shaped e-mails (Fixtures/mail): Chinese charsets declared and not, broken MIME, files,
/// bounces, read receipts, auto-replies, duplicates and reused ids, spam, replies. Each must end as its manifest
/// says, with no garbled subject or name, and a second delivery of the whole corpus must change nothing.
/// </summary>
[LongRunning(19)]
public sealed class EmailCorpusTests(EmailCorpus corpus) : IClassFixture<EmailCorpus>
{
    public static TheoryData<string> Files => new(EmailCorpus.Manifest.Select(f => f.File));

    [Fact]
    public void The_corpus_has_at_least_60_mails_and_every_file_is_in_the_manifest()
    {
        var files = Directory.GetFiles(EmailCorpus.Folder, "*.eml").Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.True(files.Count >= 60, $"{files.Count} fixtures");
        Assert.Equal(files, EmailCorpus.Manifest.Select(f => f.File).Order().ToList());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Each_mail_ends_as_its_manifest_says(string file)
    {
        var fixture = EmailCorpus.Find(file);
        if (fixture.Spamd) SpamdTestServer.RequireOrSkip();
        var result = await corpus.DeliverAsync(fixture);
        switch (fixture.Outcome)
        {
            case "complaint":
            {
                Assert.Equal(InboundOutcome.Created, result.Outcome);
                var ticket = await corpus.QueryAsync(db => db.Tickets.Include(t => t.Customer).AsNoTracking().SingleAsync(t => t.Id == result.TicketId));
                Assert.Equal(corpus.Expand(fixture.Subject!), ticket.Subject);
                Assert.Equal(fixture.Name, ticket.Customer!.Name);
                AssertReadable(ticket.Subject, fixture.Latin);
                AssertReadable(ticket.Customer.Name, fixture.Latin);
                AssertReadable(ticket.Description, fixture.Latin);
                if (fixture.Body is { } body) Assert.Contains(body, ticket.Description);
                if (fixture.BodyAlso is { } also) Assert.Contains(also, ticket.Description);
                if (fixture.Lacks is { } lacks) Assert.DoesNotContain(lacks, ticket.Description);
                if (fixture.Files is { } files)
                {
                    Assert.Equal(files, await corpus.QueryAsync(db => db.Attachments.CountAsync(a => a.TicketId == ticket.Id && a.TicketMessageId == null)));
                }
                break;
            }
            case "message":
            {
                Assert.Equal(InboundOutcome.Appended, result.Outcome);
                Assert.Equal(corpus.First[fixture.Of!].TicketId, result.TicketId);
                var message = await corpus.QueryAsync(db => db.TicketMessages.AsNoTracking().SingleAsync(m => m.Id == result.MessageId));
                AssertReadable(message.Body, fixture.Latin);
                if (fixture.Body is { } body) Assert.Contains(body, message.Body);
                if (fixture.BodyAlso is { } also) Assert.Contains(also, message.Body);
                if (fixture.Lacks is { } lacks) Assert.DoesNotContain(lacks, message.Body);
                break;
            }
            case "ignored" or "quarantine":
            {
                Assert.Equal((InboundOutcome.Quarantined, fixture.Reason), (result.Outcome, result.Reason));
                var held = await corpus.QueryAsync(db => db.QuarantinedMessages.AsNoTracking().SingleAsync(q => q.Id == result.QuarantineId));
                Assert.Equal(fixture.Reason, held.Reason);
                Assert.NotEmpty(held.Raw);
                if (held.Subject is { } subject) AssertReadable(subject, fixture.Latin);
                if (fixture.Rules is { } rules) Assert.Contains(rules, held.Detail);
                break;
            }
            case "duplicate":
            {
                var original = corpus.First[fixture.Of!];
                Assert.Equal(InboundOutcome.Duplicate, result.Outcome);
                Assert.Equal((original.TicketId, original.QuarantineId), (result.TicketId, result.QuarantineId));
                break;
            }
            default:
                Assert.Fail($"Unknown outcome '{fixture.Outcome}' in the manifest.");
                break;
        }
    }

    [Fact]
    public async Task Delivering_the_whole_corpus_again_creates_nothing()
    {
        await corpus.DeliverAllAsync();
        async Task<(int, int, int, int)> CountAsync() => await corpus.QueryAsync(async db => (
            await db.Tickets.CountAsync(), await db.TicketMessages.CountAsync(), await db.QuarantinedMessages.CountAsync(), await db.Attachments.CountAsync()));
        var before = await CountAsync();
        foreach (var fixture in EmailCorpus.Manifest)
        {
            var again = await corpus.ReceiveAsync(await corpus.RawAsync(fixture), fixture.NullSender);
            var first = corpus.First[fixture.File];
            Assert.True(again.Outcome == InboundOutcome.Duplicate, $"{fixture.File}: {again.Outcome}");
            Assert.Equal((first.TicketId, first.QuarantineId), (again.TicketId, again.QuarantineId));
        }
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Different_mails_never_merge()
    {
        await corpus.DeliverAllAsync();
        var first = corpus.First;
        var complaints = EmailCorpus.Manifest.Where(f => first[f.File].Outcome == InboundOutcome.Created).Select(f => first[f.File].TicketId).ToList();
        Assert.Equal(complaints.Count, complaints.Distinct().Count());
        var held = EmailCorpus.Manifest.Where(f => first[f.File].Outcome == InboundOutcome.Quarantined).Select(f => first[f.File].QuarantineId).ToList();
        Assert.Equal(held.Count, held.Distinct().Count());
        var messages = EmailCorpus.Manifest.Where(f => first[f.File].Outcome == InboundOutcome.Appended).Select(f => first[f.File].MessageId).ToList();
        Assert.Equal(messages.Count, messages.Distinct().Count());
        // Every fixture that is not a repeat of another is something of its own: a complaint, a message or a held entry.
        Assert.Equal(EmailCorpus.Manifest.Count(f => f.Outcome != "duplicate"), complaints.Count + held.Count + messages.Count);
    }

    /// <summary>No replacement characters, no GBK-read-as-Latin-1 or UTF-8-read-as-GBK leftovers.</summary>
    private static void AssertReadable(string text, bool latinExpected)
    {
        Assert.DoesNotContain('\uFFFD', text);
        foreach (var marker in new[] { "锟斤拷", "烫烫烫", "Ã", "Â", "æ\u0096", "å\u0085", "ï¼" }) Assert.DoesNotContain(marker, text);
        if (!latinExpected) Assert.DoesNotMatch(@"[\u0080-\u00FF]", text);
    }
}
