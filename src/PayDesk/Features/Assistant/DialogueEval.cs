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

    public static async Task<int> RunAsync(string path, IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var dialogues = File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Dialogue>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
                ?? throw new FormatException($"{path}: a line is not a dialogue."))
            .ToList();
        await services.PrepareAsync(TextWriter.Null, ct);
        await using (var scope = services.CreateAsyncScope())
        {
            // The assistant only answers when the chat line is open; for the evaluation it always is.
            var store = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>();
            var policy = JsonSerializer.Deserialize<SlaOptions>(JsonSerializer.Serialize(store.Current, SlaPolicyStore.Serializer()), SlaPolicyStore.Serializer())!;
            policy.LineCalendar = DefaultCalendars.AlwaysOpen;
            await store.SaveAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), policy, "eval", DateTime.UtcNow, ct);
        }
        var model = services.GetRequiredService<AssistantModel>().Intents;
        int resolved = 0, handoffRight = 0, intentRight = 0;
        foreach (var d in dialogues)
        {
            await using var scope = services.CreateAsyncScope();
            var chat = scope.ServiceProvider.GetRequiredService<ChatService>();
            var started = await chat.StartAsync(new ChatService.StartRequest("eval", null, null, d.Locale, null), Actor.System, ct);
            if (started.Failed) throw new InvalidOperationException(started.ErrorText);
            foreach (var turn in d.Turns)
            {
                var posted = await chat.PostAsync(started.Value!.Conversation.Id, Guid.NewGuid().ToString("N"), turn, fromCustomer: true, "eval", null, ct);
                if (posted.Failed) throw new InvalidOperationException(posted.ErrorText);
            }
            var conversation = (await chat.FindAsync(started.Value!.Conversation.Id, ct))!;
            var outcome = conversation.Status == ConversationStatus.Bot ? "resolved" : "handoff";
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
        output.WriteLine($"resolved_share={resolved / n:F4} handoff_accuracy={handoffRight / n:F4} intent_accuracy={intentRight / n:F4}");
        return 0;
    }
}
