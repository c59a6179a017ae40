using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>
/// Corrects a complaint's facts or assignment (JSON merge-patch semantics: a field that is
/// present is changed, <c>null</c> clears it, an absent one is left alone). Status changes go
/// through the lifecycle's transitions and the owner through take/reassign (首问负责制), not here.
/// </summary>
internal static class UpdateTicket
{
    private static readonly HashSet<string> Fields =
        ["subject", "description", "category", "priority", "occurredAt", "amount", "transactionId", "team", "subCategory"];

    public static async Task<Results<Ok<TicketResponse>, NotFound, ValidationProblem>> HandleAsync(
        string id, JsonElement body, AppDbContext db, ActorAccessor actors, ComplaintObservers observers,
        TimeProvider clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IStringLocalizer<SharedResource> l,
        CancellationToken ct)
    {
        var actor = actors.Current;
        var ticket = await db.FindVisibleAsync(id, actor, track: true, ct);
        if (ticket is null) return TypedResults.NotFound();

        var errors = new ValidationErrors(l);
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.AddKey("body", "Request.InvalidJson");
            return errors.ToProblem();
        }
        var options = json.Value.SerializerOptions;
        foreach (var property in body.EnumerateObject())
        {
            if (!Fields.Contains(property.Name)) errors.Add(property.Name, l["Request.UnknownField", property.Name]);
        }
        if (errors.Any) return errors.ToProblem();

        T? Read<T>(string name, JsonElement value)
        {
            try
            {
                return value.Deserialize<T>(options);
            }
            catch (JsonException)
            {
                var type = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
                if (type.IsEnum) errors.AddKey(name, "Request.InvalidEnum", EnumText.Allowed(type));
                else errors.AddKey(name, "Request.InvalidJson");
                return default;
            }
        }

        var now = clock.GetUtcNow();
        foreach (var property in body.EnumerateObject())
        {
            var v = property.Value;
            var isNull = v.ValueKind == JsonValueKind.Null;
            switch (property.Name)
            {
                case "subject":
                    var subject = Read<string>("subject", v);
                    if (errors.Required("subject", subject)) errors.MaxLength("subject", subject, TicketRules.SubjectMax);
                    if (!errors.Any) ticket.Subject = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.Ticket, ticket.Id.ToString(), "subject", subject!.Trim(), now.UtcDateTime);
                    break;
                case "description":
                    var description = Read<string>("description", v);
                    if (errors.Required("description", description)) errors.MaxLength("description", description, TicketRules.DescriptionMax);
                    if (!errors.Any) ticket.Description = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.Ticket, ticket.Id.ToString(), "description", description!.Trim(), now.UtcDateTime);
                    break;
                case "category":
                    if (isNull) errors.AddKey("category", "Validation.Required");
                    else if (Read<TicketCategory?>("category", v) is { } category) ticket.Category = category;
                    break;
                case "subCategory":
                    ticket.SubCategory = isNull ? null : Read<TicketSubCategory?>("subCategory", v);
                    break;
                case "priority":
                    if (isNull) errors.AddKey("priority", "Validation.Required");
                    else if (Read<TicketPriority?>("priority", v) is { } priority) ticket.Priority = priority;
                    break;
                case "occurredAt":
                    var occurred = isNull ? null : Read<DateTimeOffset?>("occurredAt", v);
                    TicketRules.CheckOccurredAt(errors, "occurredAt", occurred, now);
                    ticket.OccurredAt = occurred?.UtcDateTime;
                    break;
                case "amount":
                    var amount = isNull ? null : Read<MoneyInput>("amount", v);
                    TicketRules.CheckAmount(errors, "amount", amount);
                    ticket.Amount = amount?.Value;
                    ticket.Currency = amount?.Currency?.Trim().ToUpperInvariant();
                    break;
                case "transactionId":
                    var serial = isNull ? null : Read<string>("transactionId", v);
                    TicketRules.CheckTransactionId(errors, "transactionId", serial);
                    ticket.TransactionId = serial?.Trim();
                    break;
                case "team":
                    var team = isNull ? null : Read<string>("team", v);
                    errors.MaxLength("team", team, 64);
                    ticket.Team = string.IsNullOrWhiteSpace(team) ? null : team.Trim();
                    break;
            }
        }
        if (ticket.SubCategory is { } sub && Intake.CategoryOf(sub) != ticket.Category)
        {
            errors.AddKey("subCategory", "Ticket.SubCategoryMismatch", EnumText.Name(ticket.Category));
        }
        if (errors.Any)
        {
            // Nothing half-applied is ever saved.
            db.ChangeTracker.Clear();
            return errors.ToProblem();
        }
        ticket.RefreshMissingFacts();
        var entry = db.Entry(ticket);
        if (entry.Property(t => t.Category).IsModified || entry.Property(t => t.Priority).IsModified)
        {
            await observers.FactsChangedAsync(ticket, now.UtcDateTime, ct);
        }
        if (entry.State == EntityState.Modified) ticket.UpdatedAt = now.UtcDateTime;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TicketResponse.For(ticket!, actor));
    }
}
