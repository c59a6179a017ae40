using System.Text.Json;
using PayDesk.Features.Channels.Chat;
using PayDesk.Features.Sla;
using PayDesk.Infrastructure;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Assistant;

/// <summary>
/// `assistant eval --task dialogue`: plays the demo conversations (content/assistant/dialogues.jsonl)
/// through the real chat service and assistant on a scratch database, and reports how many ended
/// without a person, whether hand-offs happened where they should, and the intent understood.
/// </summary>
internal static class DialogueEval
{
    private sealed record Dialogue(string Id, string Locale, List<string> Turns, string Expect, string ExpectIntent);

    /// <summary>The CLI's host, with the clock set to <paramref name="at"/> (then running on), for playing the dialogues at night.</summary>
    public static async Task<int> WithClockAsync(IReadOnlyDictionary<string, string?> settings, DateTimeOffset at, Func<IServiceProvider, Task<int>> work)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddPayDesk();
        builder.Services.AddSingleton<TimeProvider>(new StartingAt(at));
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        return await work(app.Services);
    }

    private sealed class StartingAt(DateTimeOffset at) : TimeProvider
    {
        private readonly DateTimeOffset _started = System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => at.ToUniversalTime() + (System.GetUtcNow() - _started);
    }

    /// <param name="at">Null: the line is always open (the assistant's answers alone); else the configured line calendar at that time.</param>
    public static async Task<int> RunAsync(string path, IServiceProvider services, TextWriter output, CancellationToken ct, DateTimeOffset? at = null)
    {
        var dialogues = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Dialogue>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                ?? throw new FormatException($"{path}: a line is not a dialogue."))
            .ToList();
        await services.PrepareAsync(TextWriter.Null, ct);
        if (at is null)
        {
            await using var scope = services.CreateAsyncScope();
            // Without --at the line is always open: the figures measure the assistant's answers alone, comparable run to run.
            var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
            var policy = JsonSerializer.Deserialize<SlaOptions>(JsonSerializer.Serialize(store.Current, SlaPolicyStore.Serializer()), SlaPolicyStore.Serializer())!;
            policy.LineCalendar = DefaultCalendars.AlwaysOpen;
            await store.SaveAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), policy, "eval", DateTime.UtcNow, ct);
        }
        var model = services.GetRequiredService<AssistantModel>().Intents;
        int resolved = 0, handoffRight = 0, intentRight = 0, answered = 0, turns = 0;
        foreach (var d in dialogues)
        {
            await using var scope = services.CreateAsyncScope();
            var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
            var started = await chat.StartAsync(new ChatService.StartRequest("eval", null, null, d.Locale, null), Actor.System, ct);
            if (started.Failed)
            {
                // A chat refused at the start (e.g. a contact demanded at night): nothing the visitor says is answered.
                turns += d.Turns.Count;
                output.WriteLine($"  {d.Id}: refused at start ({started.ErrorText}) — {string.Join(" / ", d.Turns)}");
                continue;
            }
            foreach (var turn in d.Turns)
            {
                var posted = await chat.PostAsync(started.Value!.Conversation.Id, Guid.NewGuid().ToString("N"), turn, fromCustomer: true, "eval", null, ct);
                if (posted.Failed) throw new InvalidOperationException(posted.ErrorText);
                turns++;
                // Answered: the assistant or the system said something after this message.
                var after = await chat.HistoryAsync(started.Value.Conversation.Id, posted.Value!.Id, ct);
                if (after.Any(m => !m.FromCustomer)) answered++;
            }
            var conversation = (await chat.FindAsync(started.Value!.Conversation.Id, ct))!;
            // A hand-off outside service hours may still be with the assistant (asking for a contact or a call-back time).
            var outcome = conversation.Status == ConversationStatus.Bot && conversation.HandOffNote is null ? "resolved" : "handoff";
            var understood = d.Turns.Select(t => model.Classify(t).Label).FirstOrDefault(i => i is not ("greeting" or "thanks" or "goodbye")) ?? "greeting";
            if (outcome == "resolved") resolved++;
            if (outcome == d.Expect) handoffRight++;
            if (understood == d.ExpectIntent) intentRight++;
            if (outcome != d.Expect || understood != d.ExpectIntent)
            {
                output.WriteLine($"  {d.Id}: {outcome} (want {d.Expect}), intent {understood} (want {d.ExpectIntent}) — {string.Join(" / ", d.Turns)}");
            }
        }
        var n = (double)dialogues.Count;
        output.WriteLine($"{dialogues.Count} dialogues: {resolved} ended without a person; hand-off decision right in {handoffRight}; intent right in {intentRight}");
        output.WriteLine($"{turns} visitor messages, {answered} answered{(at is null ? " (line always open)" : $" (at {at:yyyy-MM-dd HH:mm zzz}, line calendar as configured)")}");
        output.WriteLine($"resolved_share={resolved / n:F4} handoff_accuracy={handoffRight / n:F4} intent_accuracy={intentRight / n:F4} answered_share={answered / (double)Math.Max(turns, 1):F4}");
        return 0;
    }
}
