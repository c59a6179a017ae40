using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>A scenario written from plain facts — by a supervisor, by the seed, or from a published case (<see cref="ScenarioFromCase"/>, then edited).</summary>
public sealed record ScenarioRequest(
    string? Title, string? Category, string? Mood, string? OpeningMessage, string? ExpectedOutcome,
    IReadOnlyList<ScenarioFact>? Facts, IReadOnlyList<ScenarioSecret>? Secrets, IReadOnlyList<SandboxTransaction>? Ledger,
    string? CustomerName, string? MaskedPhone, Guid? SourceCaseId = null, string? OpeningMessageEn = null);

public sealed record ScenarioView(Guid Id, string Title, TicketCategory Category, CustomerMood Mood, string OpeningMessage,
    string ExpectedOutcome, int FactCount, int AskOnlyCount, int LedgerCount, Guid? SourceCaseId, bool Active);

internal static class CreateScenario
{
    public static async Task<Results<Created<ScenarioView>, ValidationProblem>> HandleAsync(
        ScenarioRequest request, AppDbContext db, Cases.ICaseLibrary cases, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        // A scenario says which case it came from only if that case is in the library (published, scrubbed).
        if (request.SourceCaseId is { } caseId && await cases.GetAsync(caseId, ct) is null)
        {
            var unknown = new ValidationErrors(l);
            unknown.AddKey("sourceCaseId", "Training.UnknownCase");
            return unknown.ToProblem();
        }
        var outcome = await CreateAsync(request, null, db, actors.Current.Name, clock, l, ct);
        return outcome.Failed ? outcome.Errors!.ToProblem() : TypedResults.Created($"/api/v1/training/scenarios/{outcome.Value!.Id}", View(outcome.Value));
    }

    public static async Task<Outcome<TrainingScenario>> CreateAsync(ScenarioRequest r, string? seedKey, AppDbContext db, string by,
        TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var errors = new ValidationErrors(l);
        errors.RequiredText("title", r.Title, 200);
        errors.RequiredText("openingMessage", r.OpeningMessage, 2000);
        errors.RequiredText("expectedOutcome", r.ExpectedOutcome, 2000);
        var category = EnumText.Parse<TicketCategory>(r.Category, "category", errors);
        if (string.IsNullOrWhiteSpace(r.Category)) errors.AddKey("category", "Validation.Required");
        var mood = EnumText.Parse<CustomerMood>(r.Mood, "mood", errors) ?? CustomerMood.Calm;
        var facts = (r.Facts ?? []).Where(f => f is not null).ToList();
        var secrets = (r.Secrets ?? []).Where(f => f is not null).ToList();
        var ledger = (r.Ledger ?? []).Where(f => f is not null).ToList();
        if (facts.Count == 0) errors.AddKey("facts", "Validation.Required");
        if (facts.Count > 30) errors.AddKey("facts", "Training.TooManyFacts", 30);
        foreach (var f in facts)
        {
            if (!TrainingTopics.Facts.Contains(f.Topic)) errors.AddKey("facts", "Training.UnknownTopic", f.Topic ?? "", string.Join(", ", TrainingTopics.Facts));
            errors.RequiredText("facts", f.Answer, 1000);
        }
        if (facts.GroupBy(f => f.Topic).Any(g => g.Count() > 1)) errors.AddKey("facts", "Training.DuplicateTopic");
        foreach (var s in secrets)
        {
            if (!TrainingTopics.Secrets.Contains(s.Topic)) errors.AddKey("secrets", "Training.UnknownTopic", s.Topic ?? "", string.Join(", ", TrainingTopics.Secrets));
            else if (s.Value is null || s.Value.Count(char.IsAsciiDigit) < 8) errors.AddKey("secrets", "Training.SecretDigits");
        }
        foreach (var t in ledger)
        {
            if (string.IsNullOrWhiteSpace(t.Serial) || t.Serial.Length > 64) errors.AddKey("ledger", "Training.LedgerSerial");
            if (t.Amount <= 0 || t.Amount > 10_000_000) errors.AddKey("ledger", "Training.LedgerAmount");
            if (t.Currency is not { Length: 3 }) errors.AddKey("ledger", "Training.LedgerCurrency");
        }
        errors.MaxLength("customerName", r.CustomerName, 100);
        errors.MaxLength("maskedPhone", r.MaskedPhone, 20);
        errors.MaxLength("openingMessageEn", r.OpeningMessageEn, 2000);
        foreach (var f in facts) errors.MaxLength("facts", f.AnswerEn, 1000);
        if (errors.Any) return errors;

        var scenario = new TrainingScenario
        {
            SeedKey = seedKey,
            Title = PersonalNumbers.MaskText(r.Title!.Trim())!,
            Category = category!.Value,
            Mood = mood,
            // A supervisor may paste a real complaint's words into a scenario every trainee reads: its numbers are masked.
            OpeningMessage = PersonalNumbers.MaskText(r.OpeningMessage!.Trim())!,
            ExpectedOutcome = PersonalNumbers.MaskText(r.ExpectedOutcome!.Trim())!,
            SourceCaseId = r.SourceCaseId,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            CreatedBy = by,
            Script = new ScenarioScript(facts, secrets, ledger.Select(t => t with { OccurredAt = DateTime.SpecifyKind(t.OccurredAt, DateTimeKind.Utc) }).ToList(),
                string.IsNullOrWhiteSpace(r.CustomerName) ? "模拟客户" : r.CustomerName.Trim(), PersonalNumbers.MaskText(r.MaskedPhone?.Trim()) ?? "138****0000",
                string.IsNullOrWhiteSpace(r.OpeningMessageEn) ? null : PersonalNumbers.MaskText(r.OpeningMessageEn.Trim())),
        };
        db.Set<TrainingScenario>().Add(scenario);
        await db.SaveChangesAsync(ct);
        return scenario;
    }

    public static ScenarioView View(TrainingScenario s)
    {
        var script = s.Script;
        return new(s.Id, s.Title, s.Category, s.Mood, s.OpeningMessage, s.ExpectedOutcome, script.Facts.Count, script.Facts.Count(f => f.AskOnly),
            script.Ledger.Count, s.SourceCaseId, s.Active);
    }
}
