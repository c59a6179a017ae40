using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Customers;

/// <summary>Customer facts as given on intake or by staff; any may be missing.</summary>
internal sealed record CustomerInput(
    string? Name, string? Phone, string? Email, string? IdNumber, CustomerKind? Kind, string? AccountId = null, string? Region = null, string? Locale = null);

/// <summary>A customer as the API shows it: personal numbers and the e-mail address masked (c******@example.cn), as every page shows them.</summary>
public sealed record CustomerResponse(
    Guid Id, string Name, CustomerKind Kind, string? Email, string? Phone, string? IdNumber, string? AccountId, string? Region, string Locale,
    IReadOnlyList<BankCardResponse> Cards, string TimeZone, DateTime CreatedAt)
{
    internal static CustomerResponse From(Customer c) => new(
        c.Id, c.Name, c.Kind, c.Email is { } email ? Infrastructure.Security.PersonalData.MaskEmail(email) : null, c.PhoneMasked, c.IdNumberMasked, c.AccountId, c.Region, c.Locale,
        c.Cards.Select(BankCardResponse.From).ToList(), c.TimeZone, c.CreatedAt);
}

public sealed record BankCardResponse(Guid Id, string BankName, string Number)
{
    internal static BankCardResponse From(BankCard card) => new(card.Id, card.BankName, card.PanMasked);
}

/// <summary>
/// Finding and creating customers. Intake on any channel goes through here so one person is
/// one customer: matched by phone (keyed hash) first, then by e-mail.
/// </summary>
internal sealed class CustomerDirectory(AppDbContext db, PersonalDataProtector protector, TimeProvider clock)
{
    /// <summary>Checks an input; returns the normalised phone, ID and e-mail when valid.</summary>
    public static (string? Phone, string? IdNumber, string? Email) Validate(
        CustomerInput input, ValidationErrors errors, string prefix, bool nameRequired)
    {
        if (nameRequired) errors.Required($"{prefix}name", input.Name);
        errors.MaxLength($"{prefix}name", input.Name, 100);

        string? phone = null, id = null, email = null;
        if (!string.IsNullOrWhiteSpace(input.Phone))
        {
            phone = PersonalData.NormalizePhone(input.Phone);
            if (phone is null) errors.AddKey($"{prefix}phone", "Validation.Phone");
        }
        if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            id = PersonalData.NormalizeIdNumber(input.IdNumber);
            if (id is null) errors.AddKey($"{prefix}idNumber", "Validation.IdNumber");
        }
        if (input.AccountId is { } account && !IsAccountId(account.Trim())) errors.AddKey($"{prefix}accountId", "Customer.AccountIdFormat");
        errors.MaxLength($"{prefix}region", input.Region, 64);
        errors.Locale($"{prefix}locale", input.Locale);
        if (!string.IsNullOrWhiteSpace(input.Email))
        {
            email = NormalizeEmail(input.Email);
            if (email is null) errors.AddKey($"{prefix}email", "Validation.Email");
        }
        return (phone, id, email);
    }

    public static bool IsAccountId(string value) => value.Length is >= 6 and <= 32 && value.All(char.IsAsciiLetterOrDigit);

    public static string? NormalizeEmail(string raw)
    {
        var trimmed = raw.Trim();
        if (trimmed.Length > 254) return null;
        return MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed
            ? trimmed.ToLowerInvariant()
            : null;
    }

    /// <summary>Intake's look-up of the customer, compiled once (it runs on every complaint filed).</summary>
    private static readonly CompiledQuery<Func<AppDbContext, string, CancellationToken, Task<Customer?>>> ByPhoneHash =
        new(() => EF.CompileAsyncQuery((AppDbContext db, string hash, CancellationToken ct) => db.Customers.FirstOrDefault(c => c.PhoneHash == hash)));

    public async Task<Customer?> FindAsync(string? phone, string? email, CancellationToken ct)
    {
        if (phone is not null)
        {
            var hash = protector.Hash(PersonalDataKind.Phone, phone);
            var byPhone = await ByPhoneHash.For(db)(db, hash, ct);
            if (byPhone is not null) return byPhone;
        }
        if (email is not null)
        {
            return await db.Customers.FirstOrDefaultAsync(c => c.Email == email, ct);
        }
        return null;
    }

    /// <summary>Another customer who already has this e-mail (the e-mail is unique), if any.</summary>
    public Task<Customer?> EmailOwnerAsync(string email, Guid except, CancellationToken ct) =>
        db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Email == email && c.Id != except, ct);

    /// <summary>Adds a new customer to the context (saved with the caller's unit of work).</summary>
    public Customer Add(string name, string? phone, string? idNumber, string? email, CustomerKind kind, string? accountId = null, string? region = null, string? locale = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var customer = new Customer
        {
            Name = Typed(name)!, Email = email, Kind = kind, AccountId = accountId?.Trim(), Region = Typed(region),
            Locale = locale ?? "zh-CN", CreatedAt = now, UpdatedAt = now,
        };
        customer.SetPhone(phone is null ? null : protector.Protect(PersonalDataKind.Phone, phone));
        customer.SetIdNumber(idNumber is null ? null : protector.Protect(PersonalDataKind.IdNumber, idNumber));
        db.Customers.Add(customer);
        return customer;
    }

    /// <summary>
    /// A name or region as kept: typed text, so a card, ID or phone number in it is masked like anywhere else people type;
    /// blank is none.
    /// </summary>
    public static string? Typed(string? text) => string.IsNullOrWhiteSpace(text) ? null : PersonalNumbers.MaskText(text.Trim());

    /// <summary>Fills in facts the stored customer lacks; never overwrites what is already known on intake.</summary>
    public void Complete(Customer customer, string? phone, string? idNumber, string? email, string? accountId = null)
    {
        var changed = false;
        if (customer.AccountId is null && accountId is not null)
        {
            customer.AccountId = accountId.Trim();
            changed = true;
        }
        if (customer.PhoneHash is null && phone is not null)
        {
            customer.SetPhone(protector.Protect(PersonalDataKind.Phone, phone));
            changed = true;
        }
        if (customer.IdNumberHash is null && idNumber is not null)
        {
            customer.SetIdNumber(protector.Protect(PersonalDataKind.IdNumber, idNumber));
            changed = true;
        }
        if (customer.Email is null && email is not null)
        {
            customer.Email = email;
            changed = true;
        }
        if (changed) customer.UpdatedAt = clock.GetUtcNow().UtcDateTime;
    }

    public void SetPhone(Customer customer, string? phone) =>
        customer.SetPhone(phone is null ? null : protector.Protect(PersonalDataKind.Phone, phone));

    public void SetIdNumber(Customer customer, string? idNumber) =>
        customer.SetIdNumber(idNumber is null ? null : protector.Protect(PersonalDataKind.IdNumber, idNumber));

    public BankCard BindCard(Customer customer, string pan, string bankName)
    {
        var value = protector.Protect(PersonalDataKind.CardNumber, pan);
        var card = new BankCard
        {
            CustomerId = customer.Id,
            BankName = bankName.Trim(),
            PanCipher = value.Cipher,
            PanHash = value.Hash,
            PanMasked = value.Masked,
            BoundAt = clock.GetUtcNow().UtcDateTime,
        };
        customer.Cards.Add(card);
        db.BankCards.Add(card);
        return card;
    }

    public string? Reveal(Customer customer, PersonalDataKind kind) => kind switch
    {
        PersonalDataKind.Phone => customer.PhoneCipher is null ? null : protector.Unprotect(customer.PhoneCipher),
        PersonalDataKind.IdNumber => customer.IdNumberCipher is null ? null : protector.Unprotect(customer.IdNumberCipher),
        PersonalDataKind.CardNumber => null,
    };

    public string HashOf(PersonalDataKind kind, string normalized) => protector.Hash(kind, normalized);
}
