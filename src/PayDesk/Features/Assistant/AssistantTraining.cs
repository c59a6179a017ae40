using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Assistant;

/// <summary>
/// `paydesk assistant train`: a new model version from the utterances we ship (Chinese and English),
/// BANKING77 when its file is given (English banking intents, CC BY 4.0), and what resolved complaints
/// teach about their customers' words. Every fifth shipped utterance is the fixed evaluation set and
/// never trains; the new version is activated only if it scores at least as well as the active one.
/// </summary>
internal static class AssistantTraining
{
    public static (List<LabelledText> Train, List<LabelledText> Evaluation) ShippedSplit()
    {
        var all = AssistantModel.Shipped();
        return (all.Where((_, i) => i % 5 != 0).ToList(), all.Where((_, i) => i % 5 == 0).ToList());
    }

    public static double Score(IntentModel model, IReadOnlyList<LabelledText> evaluation) =>
        evaluation.Count(e => model.Classify(e.Text).Label == e.Label) / (double)evaluation.Count;

    /// <summary>
    /// The score of a version as the server would answer with it: English through its offline stack when there is one
    /// (<paramref name="english"/>, with the evaluation texts' embeddings), everything else by its TF-IDF model.
    /// </summary>
    public static double Score(IntentModel model, HybridIntentModel? english, IReadOnlyList<LabelledText> evaluation, IReadOnlyDictionary<string, float[]> embedded) =>
        evaluation.Count(e => (english is not null && embedded.TryGetValue(e.Text, out var vector)
            ? english.Classify(e.Text, vector).Label : model.Classify(e.Text).Label) == e.Label) / (double)evaluation.Count;

    public static async Task<int> TrainAsync(IServiceProvider services, string? banking77, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var (train, evaluation) = ShippedSplit();
        var sources = new List<string> { $"shipped utterances ({train.Count})" };
        if (banking77 is not null)
        {
            var extra = LabelledText.ReadCsv(banking77);
            train.AddRange(extra);
            sources.Add($"BANKING77 ({extra.Count})");
        }
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        // Resolved complaints: a customer's own words for a problem whose kind is now settled.
        var learnt = await db.Tickets.AsNoTracking()
            .Where(t => (t.Status == TicketStatus.Resolved || t.Status == TicketStatus.Closed) && t.SubCategory != null)
            .OrderByDescending(t => t.ClosedAt).Take(20_000)
            .Select(t => new { t.Subject, t.SubCategory, t.Customer!.Name }).ToListAsync(ct);
        var fromTickets = learnt.Select(t => FromComplaint(t.Subject, t.SubCategory!.Value, t.Name)).OfType<LabelledText>().ToList();
        if (fromTickets.Count > 0)
        {
            train.AddRange(fromTickets);
            sources.Add($"resolved complaints ({fromTickets.Count})");
        }

        output.WriteLine($"training on {train.Count:N0} examples: {string.Join(", ", sources)}");
        var watch = Stopwatch.StartNew();
        var model = IntentModel.Train(train, new Progress<string>(error.WriteLine));
        var active = await db.AssistantModels.FirstOrDefaultAsync(m => m.Active, ct);
        var current = active is null ? services.GetRequiredService<AssistantModel>().Baseline : IntentModel.Deserialize(active.Payload);

        // Both versions are scored as the server answers with them: with the offline English stack when it is on (each
        // learnt from its version's own examples; a version stored without them has none, as in the server).
        double accuracy, baseline;
        if (services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EmbeddingOptions>>().Value.Offline)
        {
            var embedded = new Dictionary<string, float[]>(StringComparer.Ordinal);
            float[][] Embed(IReadOnlyList<string> texts)
            {
                var missing = texts.Where(t => !embedded.ContainsKey(t)).Distinct().ToList();
                if (missing.Count > 0) error.WriteLine($"embedding {missing.Count:N0} English texts (MiniLM) …");
                var vectors = SentenceEmbeddings.EmbedParallel(missing, error);
                for (var i = 0; i < missing.Count; i++) embedded[missing[i]] = vectors[i];
                return texts.Select(t => embedded[t]).ToArray();
            }
            Embed(evaluation.Select(e => e.Text).Where(SentenceEmbeddings.IsEnglish).ToList());
            var english = AssistantModel.TrainOfflineEnglish(train, Embed);
            var currentEnglish = current.Examples.Count > 0 ? AssistantModel.TrainOfflineEnglish(current.Examples, Embed) : null;
            accuracy = Score(model, english, evaluation, embedded);
            baseline = Score(current, currentEnglish, evaluation, embedded);
            output.WriteLine($"trained in {watch.Elapsed.TotalSeconds:F1} s (English through the offline MiniLM stack); accuracy on the {evaluation.Count} held-out shipped utterances: {accuracy:P2}");
        }
        else
        {
            accuracy = Score(model, evaluation);
            baseline = Score(current, evaluation);
            output.WriteLine($"trained in {watch.Elapsed.TotalSeconds:F1} s (TF-IDF only: offline embeddings are off); accuracy on the {evaluation.Count} held-out shipped utterances: {accuracy:P2}");
        }
        var version = (await db.AssistantModels.MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
        var better = accuracy >= baseline;
        if (better && active is not null) active.Active = false;
        db.AssistantModels.Add(new AssistantModelVersion
        {
            Version = version, CreatedAt = DateTime.UtcNow, Examples = train.Count, Intents = model.Intents.Count, Accuracy = accuracy, Active = better,
            Sources = string.Join(", ", sources), Payload = model.Serialize(),
        });
        await db.SaveChangesAsync(ct);
        output.WriteLine(better
            ? $"version {version} is now active ({accuracy:P2} ≥ {baseline:P2} of the {(active is null ? "built-in model" : $"active version {active.Version}")}); running servers switch to it within a minute."
            : $"version {version} stored but not activated: {accuracy:P2} < {baseline:P2} of active version {active!.Version}.");
        return 0;
    }

    /// <summary>
    /// A resolved complaint's subject as a training example, scrubbed as retention scrubs closed complaints (e-mail
    /// addresses, long numbers, the customer's name): the version stores its examples, and would otherwise keep these
    /// after retention has anonymised the complaint. Null when its sub-category maps to no intent.
    /// </summary>
    public static LabelledText? FromComplaint(string subject, TicketSubCategory sub, string customerName) =>
        IntentOf(sub) is { } intent ? new LabelledText(Infrastructure.Security.Anonymiser.Scrub(subject, [customerName]), intent) : null;

    /// <summary>The assistant intent a complaint sub-category corresponds to, where there is one.</summary>
    public static string? IntentOf(TicketSubCategory sub) => sub switch
    {
        TicketSubCategory.DuplicateDebit => "duplicate_debit",
        TicketSubCategory.NotCredited => "transaction_lookup",
        TicketSubCategory.VerificationCodeDelay => "verification_code_not_received",
        TicketSubCategory.PasswordProblem => "password_reset",
        _ => null,
    };
}
