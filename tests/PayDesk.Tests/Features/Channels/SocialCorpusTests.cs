using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Channels;

/// <summary>
/// The social corpus (Fixtures/social): WeChat XML of every message and event type, Weibo and app JSON, driven through the
/// real signed webhooks with the assistant on and a loopback stand-in for WeChat's media server. Each scenario's manifest
/// entry says what the user is told and what is kept; a redelivery never stores anything twice.
/// </summary>
public sealed partial class SocialCorpusTests(SocialCorpusTests.Host host) : IClassFixture<SocialCorpusTests.Host>
{
    public sealed class Host : IAsyncLifetime
    {
        public WeChatMediaStub Media { get; private set; } = null!;
        public PayDeskFactory Factory { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            Media = await WeChatMediaStub.StartAsync();
            var settings = ChannelTestKit.Settings();
            settings["Assistant:Enabled"] = "true";
            // The address customers reach PayDesk at; links sent to social users must use it, never the host's own.
            settings["PublicBaseUrl"] = "https://kefu.paydesk.example";
            Media.Configure(settings);
            Factory = new PayDeskFactory(Provider.Sqlite, settings: settings);
        }

        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Media.DisposeAsync();
        }
    }

    private static readonly string Folder = Path.Combine(RepositoryRoot(), "tests", "PayDesk.Tests", "Fixtures", "social");

    private static JsonElement Manifest() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.json"))).RootElement;

    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var s in Manifest().GetProperty("scenarios").EnumerateArray()) data.Add(s.GetProperty("name").GetString()!);
        return data;
    }

    [Fact]
    public void The_corpus_has_at_least_thirty_messages_of_every_wechat_type()
    {
        var steps = Manifest().GetProperty("scenarios").EnumerateArray().SelectMany(s => s.GetProperty("steps").EnumerateArray())
            .Select(s => s.GetProperty("file").GetString()!).ToList();
        Assert.True(steps.Count >= 30, $"{steps.Count} deliveries");
        var kinds = steps.Where(f => f.EndsWith(".xml")).Distinct()
            .Select(f => File.ReadAllText(Path.Combine(Folder, f))).Where(x => x.Contains("<MsgType>"))
            .Select(x => Regex.Match(x, @"<MsgType><!\[CDATA\[(\w+)").Groups[1].Value + Regex.Match(x, @"<Event><!\[CDATA\[(\w+)").Groups[1].Value.ToLowerInvariant())
            .ToHashSet();
        foreach (var kind in new[] { "text", "image", "voice", "video", "shortvideo", "location", "link", "file",
                     "eventsubscribe", "eventunsubscribe", "eventscan", "eventlocation", "eventclick", "eventview" })
        {
            Assert.Contains(kind, kinds);
        }
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Each_social_message_is_handled_for_what_it_is(string name)
    {
        var scenario = Manifest().GetProperty("scenarios").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        var channel = scenario.GetProperty("channel").GetString()!;
        var user = scenario.GetProperty("user").GetString()!;
        var client = host.Factory.CreateClient();
        var first = new Dictionary<string, string>();
        var signed = new Dictionary<string, (string Timestamp, string Nonce)>();
        string? number = null;
        foreach (var step in scenario.GetProperty("steps").EnumerateArray())
        {
            var file = step.GetProperty("file").GetString()!;
            var expect = step.GetProperty("expect").GetString()!;
            var body = File.ReadAllText(Path.Combine(Folder, file))
                .Replace("{{media}}", host.Media.Origin).Replace("{{other}}", host.Media.OtherOrigin)
                .Replace("{{now}}", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString());
            var before = await StoredAsync(channel, user);
            string reply;
            HttpStatusCode status;
            if (channel == "wechat")
            {
                var (timestamp, nonce) = expect == "replay" ? signed[file] : (DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(), Random.Shared.NextInt64(1, long.MaxValue).ToString());
                signed[file] = (timestamp, nonce);
                var response = await client.PostAsync($"/api/v1/channels/wechat?signature={ChannelTestKit.WeChatSignature(timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}",
                    new StringContent(body, Encoding.UTF8, "text/xml"));
                status = response.StatusCode;
                var text = await response.Content.ReadAsStringAsync();
                reply = text == "success" ? "success" : (string?)XElement.Parse(text).Element("Content") ?? "";
            }
            else
            {
                // A re-sent message is signed afresh (a new timestamp); a replay repeats the signature of the delivery before.
                var at = expect == "replay" ? DateTimeOffset.FromUnixTimeSeconds(long.Parse(signed[file].Timestamp)) : DateTimeOffset.UtcNow;
                if (expect != "replay" && signed.TryGetValue(file, out var previous) && at.ToUnixTimeSeconds() <= long.Parse(previous.Timestamp))
                {
                    at = DateTimeOffset.FromUnixTimeSeconds(long.Parse(previous.Timestamp) - 1);
                }
                signed[file] = (at.ToUnixTimeSeconds().ToString(), "");
                var response = await ChannelTestKit.PostSignedAsync(client, $"/api/v1/channels/social/{channel}", body, ChannelTestKit.SocialSecret, at);
                status = response.StatusCode;
                var json = await response.Content.ReadAsStringAsync();
                reply = json;
                if (status == HttpStatusCode.OK)
                {
                    var result = JsonDocument.Parse(json).RootElement;
                    var outcome = result.GetProperty("outcome").GetString()!;
                    var replies = result.TryGetProperty("replies", out var r) && r.ValueKind == JsonValueKind.Array ? string.Join("\n", r.EnumerateArray().Select(x => x.GetString())) : "";
                    var ticket = result.TryGetProperty("ticketNumber", out var t) ? t.GetString() : null;
                    reply = $"{replies}\n{ticket}".Trim();
                }
            }
            var label = $"{name} / {file} ({expect}): {reply}";
            var expected = expect switch
            {
                "rejected" => HttpStatusCode.BadRequest,
                "replay" when channel != "wechat" => HttpStatusCode.Conflict,
                _ => HttpStatusCode.OK,
            };
            Assert.True(status == expected, label);
            var complaint = NumberOf().Match(reply);
            switch (expect)
            {
                case "answered":
                    Assert.False(reply is "success" or "", label);
                    Assert.False(complaint.Success, label);
                    break;
                case "any":
                    Assert.False(reply is "success" or "", label);
                    break;
                case "complaint":
                    Assert.True(complaint.Success, label);
                    number = complaint.Value;
                    break;
                case "silent" or "quarantined":
                case "replay" when channel == "wechat":
                    Assert.Equal("success", reply);
                    break;
                case "duplicate" when NumberOf().Match(first[file]) is { Success: true } filed:
                    // A redelivery names the same complaint (the assistant's words of the first answer are not repeated).
                    Assert.Equal(filed.Value, complaint.Value);
                    break;
                case "duplicate":
                    Assert.Equal(first[file], reply);
                    break;
            }
            if (expect is "duplicate" or "replay" or "rejected")
            {
                Assert.Equal(before, await StoredAsync(channel, user));
            }
            first.TryAdd(file, reply);
            foreach (var part in Strings(step, "replyContains")) Assert.Contains(part, reply);
            foreach (var part in Strings(step, "replyNot")) Assert.DoesNotContain(part, reply);
        }
        await CheckAfterAsync(scenario.GetProperty("after"), channel, user, number);
    }

    private async Task CheckAfterAsync(JsonElement after, string channel, string user, string? number)
    {
        var ticketChannel = Channel(channel);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var customers = await db.ChannelIdentities.Where(i => i.Channel == ticketChannel && i.ExternalUserId == user).Select(i => i.CustomerId).ToListAsync();
        var tickets = await db.Tickets.Where(t => customers.Contains(t.CustomerId)).Select(t => t.Id).ToListAsync();
        var conversations = await db.Conversations.Where(c => c.Channel == ticketChannel && c.ExternalUserId == user).Select(c => c.Id).ToListAsync();
        var said = await db.ChatMessages.Where(m => conversations.Contains(m.ConversationId) && m.FromCustomer).ToListAsync();
        // Redelivered or not, every message the user sent is kept once.
        Assert.All(said.GroupBy(m => m.ClientMessageId), g => Assert.Single(g));
        if (after.TryGetProperty("complaints", out var count)) Assert.Equal(count.GetInt32(), tickets.Count);
        if (after.TryGetProperty("conversationMessages", out var messages)) Assert.Equal(messages.GetInt32(), said.Count);
        var conversationText = string.Join("\n", said.Select(m => m.Body));
        foreach (var part in Strings(after, "conversationContains")) Assert.Contains(part, conversationText);
        if (after.TryGetProperty("conversationAttachments", out _))
        {
            var types = await db.Attachments.Where(a => a.ConversationId != null && conversations.Contains(a.ConversationId.Value)).Select(a => a.ContentType).ToListAsync();
            Assert.Equal(Strings(after, "conversationAttachments").Order(), types.Order());
        }
        if (after.TryGetProperty("quarantined", out var quarantined))
        {
            Assert.Equal(quarantined.GetInt32(), await db.QuarantinedMessages.CountAsync(q => q.Channel == ticketChannel));
        }
        foreach (var path in Strings(after, "mediaNeverRequested")) Assert.DoesNotContain(host.Media.Requests, r => r.StartsWith(path));
        if (number is null) return;
        var admin = await host.Factory.AdminClientAsync();
        var ticket = (await admin.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{number}", ChatTests.Json))!;
        if (after.TryGetProperty("subject", out var subject)) Assert.Equal(subject.GetString(), ticket.Subject);
        foreach (var part in Strings(after, "descriptionContains")) Assert.Contains(part, ticket.Description);
        var thread = string.Join("\n", ticket.Messages.Select(m => m.Body));
        foreach (var part in Strings(after, "messagesContain")) Assert.Contains(part, ticket.Description + "\n" + thread);
        if (after.TryGetProperty("ticketAttachments", out _))
        {
            var types = await db.Attachments.Where(a => a.TicketId == ticket.Id).Select(a => a.ContentType).ToListAsync();
            Assert.Equal(Strings(after, "ticketAttachments").Order(), types.Order());
        }
    }

    /// <summary>What is stored for this user: conversation messages, complaint messages, files. A redelivery changes none of it.</summary>
    private async Task<(int Said, int OnComplaints, int Files, int Receipts)> StoredAsync(string channel, string user)
    {
        var ticketChannel = Channel(channel);
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var conversations = await db.Conversations.Where(c => c.Channel == ticketChannel && c.ExternalUserId == user).Select(c => c.Id).ToListAsync();
        var customers = await db.ChannelIdentities.Where(i => i.Channel == ticketChannel && i.ExternalUserId == user).Select(i => i.CustomerId).ToListAsync();
        var tickets = await db.Tickets.Where(t => customers.Contains(t.CustomerId)).Select(t => t.Id).ToListAsync();
        return (
            await db.ChatMessages.CountAsync(m => conversations.Contains(m.ConversationId)),
            await db.TicketMessages.CountAsync(m => tickets.Contains(m.TicketId)),
            await db.Attachments.CountAsync(a => (a.TicketId != null && tickets.Contains(a.TicketId.Value)) || (a.ConversationId != null && conversations.Contains(a.ConversationId.Value))),
            await db.InboundReceipts.CountAsync(r => r.Channel == ticketChannel));
    }

    private static TicketChannel Channel(string name) => name switch
    {
        "wechat" => TicketChannel.WeChat,
        "weibo" => TicketChannel.Weibo,
        _ => TicketChannel.App,
    };

    private static IEnumerable<string> Strings(JsonElement e, string property) =>
        e.TryGetProperty(property, out var list) ? list.EnumerateArray().Select(x => x.GetString()!).ToList() : [];

    [GeneratedRegex(@"PD-\d{4}-\d{6}")]
    private static partial Regex NumberOf();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PayDesk.slnx"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException("PayDesk.slnx not found above the test folder.");
    }
}
