using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Knowledge;

public sealed record MacroResponse(string Key, string Locale, string Title, string Body);

public sealed record RenderedMacro(string Key, string Title, string Text);

/// <summary>Canned responses: the list in a language, and one filled in with a complaint's facts.</summary>
internal static class RenderMacro
{
    public static async Task<Ok<List<MacroResponse>>> ListAsync(string? locale, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await db.Macros.AsNoTracking().Where(m => locale == null || m.Locale == locale).OrderBy(m => m.Key)
            .Select(m => new MacroResponse(m.Key, m.Locale, m.Title, m.Body)).ToListAsync(ct));

    public static async Task<Results<Ok<RenderedMacro>, NotFound>> HandleAsync(
        string id, string key, AppDbContext db, ActorAccessor actors, CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: false, ct);
        if (ticket is null) return TypedResults.NotFound();
        var locale = ticket.Customer?.Locale ?? "zh-CN";
        var macro = await db.Macros.AsNoTracking().Where(m => m.Key == key).OrderBy(m => m.Locale == locale ? 0 : 1).FirstOrDefaultAsync(ct);
        return macro is null ? TypedResults.NotFound() : TypedResults.Ok(new RenderedMacro(macro.Key, macro.Title, MacroText.Render(macro.Body, ticket, actor.Name)));
    }
}

/// <summary>Fills a macro's placeholders from the complaint; a fact the complaint lacks is left as "—" for the agent to see and fill.</summary>
internal static class MacroText
{
    public static string Render(string body, Ticket ticket, string agentName)
    {
        var values = new Dictionary<string, string?>
        {
            ["customer.name"] = ticket.Customer?.Name,
            ["ticket.number"] = ticket.Number,
            ["ticket.amount"] = ticket.Amount is { } amount ? $"{amount:0.00}{(ticket.Currency is { } c && c != "CNY" ? " " + c : "")}" : null,
            ["ticket.transaction_id"] = ticket.TransactionId,
            ["agent.name"] = agentName,
        };
        foreach (var (key, value) in values) body = body.Replace("{{" + key + "}}", string.IsNullOrEmpty(value) ? "—" : value, StringComparison.Ordinal);
        return body;
    }
}
