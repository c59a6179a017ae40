using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PayDesk.Features.Customers;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Complaints;

/// <summary>受理与记录: a complaint arrives on any channel and is recorded against one customer.</summary>
internal static class CreateTicket
{
    public sealed record Request(
        TicketChannel? Channel,
        Guid? CustomerId,
        CustomerInput? Customer,
        string? Subject,
        string? Description,
        TicketCategory? Category,
        TicketSubCategory? SubCategory,
        TicketPriority? Priority,
        DateTimeOffset? OccurredAt,
        MoneyInput? Amount,
        string? TransactionId);

    public const string IdempotencyHeader = "Idempotency-Key";

    public static async Task<Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Request request, HttpContext http, AppDbContext db, CustomerDirectory directory, ActorAccessor actors,
        TicketNumberAllocator numbers, LifecycleServices lifecycle, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var actor = actors.Current;
        var errors = new ValidationErrors(l);
        var key = http.Request.Headers[IdempotencyHeader].ToString();
        if (key.Length > 128) errors.AddKey(IdempotencyHeader, "Validation.MaxLength", 128);
        var input = Validate(request, actor, errors, clock.GetUtcNow());
        if (errors.Any) return errors.ToProblem();

        var scope = actor.UserId?.ToString() ?? "system";
        var requestHash = key.Length > 0 ? Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request))) : "";
        for (var attempt = 1; ; attempt++)
        {
            if (key.Length > 0 && await ReplayAsync(db, scope, key, requestHash, actor, l, ct) is { } replay)
            {
                http.Response.Headers["Idempotent-Replayed"] = "true";
                return replay;
            }

            var outcome = await CreateAsync(request, input, db, directory, actor, numbers, lifecycle, clock, l, ct, key.Length > 0 ? (scope, key, requestHash) : null);
            if (outcome.Result is { } result) return result;
            // A unique index said no: the same Idempotency-Key (or a new customer) arrived twice at once.
            db.ChangeTracker.Clear();
            if (attempt == 3) throw outcome.Conflict!;
        }
    }

    private sealed record Input(string? Phone, string? IdNumber, string? Email);

    private static Input Validate(Request r, Actor actor, ValidationErrors errors, DateTimeOffset now)
    {
        if (r.Channel is null && !actor.IsCustomer) errors.AddKey("channel", "Validation.Required");
        // Every channel's form and import reaches here, not only JSON (which refuses such values itself).
        var defined = EnumText.Defined(r.Channel, "channel", errors) & EnumText.Defined(r.Category, "category", errors)
            & EnumText.Defined(r.SubCategory, "subCategory", errors) & EnumText.Defined(r.Priority, "priority", errors);
        errors.Required("subject", r.Subject);
        errors.MaxLength("subject", r.Subject, TicketRules.SubjectMax);
        errors.Required("description", r.Description);
        errors.MaxLength("description", r.Description, TicketRules.DescriptionMax);
        TicketRules.CheckOccurredAt(errors, "occurredAt", r.OccurredAt, now);
        TicketRules.CheckAmount(errors, "amount", r.Amount);
        TicketRules.CheckTransactionId(errors, "transactionId", r.TransactionId);
        if (defined && r.SubCategory is { } sub && r.Category is { } category && Intake.CategoryOf(sub) != category)
        {
            errors.AddKey("subCategory", "Ticket.SubCategoryMismatch", EnumText.Name(category));
        }

        if (actor.IsCustomer)
        {
            // A customer files for themself; naming anyone else is refused, not silently ignored.
            if (r.CustomerId is { } id && id != actor.CustomerId) errors.AddKey("customerId", "Ticket.CustomerNotYours");
            if (r.Customer is not null) errors.AddKey("customer", "Ticket.CustomerNotYours");
            // The queue's order and the channel statistics are staff's: a customer files on the web or in the app, and
            // the rules set the priority (an urgent phone complaint of one's own making would jump every queue).
            if (r.Priority is not null) errors.AddKey("priority", "Ticket.CustomerPriority");
            if (r.Channel is not (null or TicketChannel.Web or TicketChannel.App)) errors.AddKey("channel", "Ticket.CustomerChannel");
            return new Input(null, null, null);
        }
        if (r.CustomerId is null && r.Customer is null) errors.AddKey("customer", "Ticket.CustomerRequired");
        if (r.CustomerId is not null && r.Customer is not null) errors.AddKey("customer", "Ticket.CustomerEither");
        if (r.Customer is { } c)
        {
            var (phone, idNumber, email) = CustomerDirectory.Validate(c, errors, "customer.", nameRequired: true);
            if (phone is null && email is null && !errors.Any) errors.AddKey("customer.phone", "Ticket.CustomerContact");
            return new Input(phone, idNumber, email);
        }
        return new Input(null, null, null);
    }

    private static async Task<Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>?> ReplayAsync(
        AppDbContext db, string scope, string key, string requestHash, Actor actor, IStringLocalizer<SharedResource> l, CancellationToken ct)
    {
        var record = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Scope == scope && r.Key == key, ct);
        if (record is null) return null;
        if (record.RequestHash != requestHash)
        {
            return TypedResults.Problem(l["Ticket.IdempotencyMismatch"], statusCode: StatusCodes.Status422UnprocessableEntity,
                title: l["Ticket.IdempotencyMismatchTitle"]);
        }
        // The original may be committed but not yet on disk (SQLite group commit): the replay promises what the first 201 did.
        await db.DurableAsync();
        var ticket = await db.FindVisibleAsync(record.TicketId.ToString(), actor, track: false, ct);
        // The complaint this key made is no longer the caller's to see (moved to another customer's record): say so, and
        // never make a second one under the same key.
        if (ticket is null)
        {
            return TypedResults.Problem(l["Ticket.IdempotencyGone"], statusCode: StatusCodes.Status409Conflict, title: l["Ticket.IdempotencyMismatchTitle"]);
        }
        return TypedResults.Created($"/api/v1/tickets/{record.TicketId}", TicketResponse.For(ticket, actor));
    }

    private sealed record Outcome(Results<Created<TicketResponse>, ValidationProblem, ProblemHttpResult>? Result, DbUpdateException? Conflict);

    private static async Task<Outcome> CreateAsync(
        Request r, Input input, AppDbContext db, CustomerDirectory directory, Actor actor, TicketNumberAllocator numbers,
        LifecycleServices lifecycle, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct, (string Scope, string Key, string Hash)? idempotency)
    {
        Customer? customer;
        System.Text.Json.Nodes.JsonObject? contactConflict = null;
        if (actor.IsCustomer)
        {
            customer = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == actor.CustomerId, ct);
        }
        else if (r.CustomerId is { } customerId)
        {
            customer = await db.Customers.Include(c => c.Cards).FirstOrDefaultAsync(c => c.Id == customerId, ct);
            if (customer is null)
            {
                var errors = new ValidationErrors(l);
                errors.AddKey("customerId", "Ticket.CustomerUnknown");
                return new Outcome(errors.ToProblem(), null);
            }
        }
        else
        {
            customer = await directory.FindAsync(input.Phone, input.Email, ct);
            if (customer is null)
            {
                customer = directory.Add(r.Customer!.Name!, input.Phone, input.IdNumber, input.Email, r.Customer.Kind ?? CustomerKind.Consumer, r.Customer.AccountId, r.Customer.Region, r.Customer.Locale);
            }
            else
            {
                // Matched by phone, with an e-mail that is another customer's: the complaint stays with the
                // phone's owner, neither record changes hands, and the agent is told on the timeline.
                var email = input.Email;
                if (email is not null && customer.Email is null && await directory.EmailOwnerAsync(email, customer.Id, ct) is { } emailOwner)
                {
                    contactConflict = new System.Text.Json.Nodes.JsonObject { ["field"] = "email", ["customerId"] = emailOwner.Id.ToString() };
                    email = null;
                }
                directory.Complete(customer, input.Phone, input.IdNumber, email, r.Customer!.AccountId);
            }
        }
        if (customer is null)
        {
            return new Outcome(TypedResults.Problem(l["Ticket.NoCustomerRecord"], statusCode: StatusCodes.Status403Forbidden), null);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        try
        {
            var ticket = await OpenAsync(db, numbers, lifecycle, customer, new Draft(
                r.Channel ?? TicketChannel.Web, r.Subject!, r.Description!, r.Category, r.SubCategory, r.Priority,
                r.OccurredAt?.UtcDateTime, r.Amount?.Value, r.Amount?.Currency, r.TransactionId), actor, now, ct);
            if (contactConflict is not null)
            {
                Complaints.Timeline.Record(db, ticket, Complaints.TicketEventKind.Note, actor, now, reason: l["Ticket.ContactConflict"],
                    data: new System.Text.Json.Nodes.JsonObject { ["contactConflict"] = contactConflict });
            }
            if (idempotency is { } idem)
            {
                db.IdempotencyRecords.Add(new IdempotencyRecord
                {
                    Scope = idem.Scope, Key = idem.Key, RequestHash = idem.Hash, TicketId = ticket.Id, CreatedAt = now,
                });
            }
            // One SaveChanges: customer, ticket, idempotency record and audit entries commit together.
            await db.SaveChangesAsync(ct);
            ticket.Customer = customer;
            return new Outcome(TypedResults.Created($"/api/v1/tickets/{ticket.Id}", TicketResponse.For(ticket, actor)), null);
        }
        catch (DbUpdateException conflict)
        {
            return new Outcome(null, conflict);
        }
    }

    private static string? OneBankOf(Customer customer)
    {
        if (customer.Cards is not { Count: > 0 } cards) return null;
        var banks = cards.Select(c => Banks.Find(c.BankName)).Distinct().ToList();
        return banks is [{ } only] ? only : null;
    }

    /// <summary>How sure the assistant's model must be before its category replaces "other" at intake.</summary>
    public const double ModelCategoryConfidence = 0.6;

    /// <summary>What any channel knows about a new complaint; category and priority are suggested from the text when absent.</summary>
    public sealed record Draft(
        TicketChannel Channel, string Subject, string Description, TicketCategory? Category = null, TicketSubCategory? SubCategory = null,
        TicketPriority? Priority = null, DateTime? OccurredAt = null, decimal? Amount = null, string? Currency = null, string? TransactionId = null);

    /// <summary>
    /// Adds a new complaint for a known customer to the unit of work: number, suggested category and
    /// priority, service-level clocks, the "created" timeline entry and the automatic acknowledgement. The caller saves.
    /// </summary>
    public static async Task<Ticket> OpenAsync(
        AppDbContext db, TicketNumberAllocator numbers, LifecycleServices lifecycle, Customer customer, Draft d, Actor actor, DateTime now, CancellationToken ct)
    {
        // Category: as given, else from the sub-category, else the text's suggestion. Priority likewise.
        var text = $"{d.Subject} {d.Description}";
        var suggestion = Intake.SuggestCategory(text);
        if (d.Category is null && d.SubCategory is null && suggestion.Confidence == 0 && lifecycle.Categoriser is { } categoriser
            && await categoriser.SuggestAsync(text, ct) is { Confidence: >= ModelCategoryConfidence } model && model.Category != TicketCategory.Other)
        {
            // No keyword matched (a typo such as 冻洁, other words): the trained model's reading, when it is sure of it.
            suggestion = (model.Category, null, model.Confidence);
        }
        var category = d.Category ?? (d.SubCategory is { } s ? Intake.CategoryOf(s) : suggestion.Category);
        var subCategory = d.SubCategory ?? (category == suggestion.Category ? suggestion.Sub : null);
        var priority = d.Priority ?? Intake.SuggestPriority(category, subCategory, d.Amount, text);
        var id = Guid.CreateVersion7();
        var ticket = new Ticket
        {
            Id = id,
            Number = await numbers.NextAsync(ct),
            Channel = d.Channel,
            CustomerId = customer.Id,
            // Every channel's complaint passes here: card, ID and phone numbers in the words are masked on the way in.
            Subject = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.Ticket, id.ToString(), "subject", d.Subject.Trim(), now),
            Description = Infrastructure.Security.PersonalText.Keep(db, Infrastructure.Security.PersonalText.Ticket, id.ToString(), "description", d.Description.Trim(), now),
            Category = category,
            SubCategory = subCategory,
            Priority = priority,
            Status = TicketStatus.New,
            OccurredAt = d.OccurredAt,
            Amount = d.Amount,
            Currency = d.Currency?.Trim().ToUpperInvariant(),
            TransactionId = d.TransactionId?.Trim(),
            // The bank named in the words, else the bank of all the customer's bound cards when they are loaded and one bank's
            // (an incident scoped to a bank found no complaint whose words did not name it).
            Bank = Banks.Find(text) ?? OneBankOf(customer),
            CreatedById = actor.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ticket.RefreshMissingFacts();
        db.Tickets.Add(ticket);
        await lifecycle.Observers.OpenedAsync(ticket, now, ct);
        Infrastructure.Observability.PayDeskTelemetry.ComplaintsReceived.Add(1,
            new KeyValuePair<string, object?>("channel", Infrastructure.Observability.MetricLabel<TicketChannel>.Of(ticket.Channel)));
        Complaints.Timeline.Record(db, ticket, Complaints.TicketEventKind.Created, actor, now, customerVisible: true,
            data: new System.Text.Json.Nodes.JsonObject { ["channel"] = EnumText.Name(ticket.Channel) }, to: TicketStatus.New);
        // 受理确认 on every channel, in this unit of work: the complaint and its acknowledgement commit together.
        await AcknowledgeIntake.QueueAsync(db, lifecycle, ticket, customer, actor, now, ct);
        // Same money as another open complaint of this customer, or the same question in other words: flagged for staff,
        // not refused (a double refund risk).
        // A customer first seen with this complaint has no other to compare it with.
        if (db.Entry(customer).State != EntityState.Added) await FindDuplicates.FlagAtIntakeAsync(db, ticket, actor, now, lifecycle.Questions, ct);
        return ticket;
    }
}
