using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Customers;
using PayDesk.Features.Notifications;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

internal enum PhoneCodeOutcome
{
    /// <summary>The same answer for known and unknown numbers: "if this number is registered, a code was sent".</summary>
    Sent,
    InvalidPhone,

    /// <summary>This number had its share of codes this hour.</summary>
    TooMany,
}

internal sealed record PhoneVerifyResult(SignInOutcome Outcome, AppUser? User = null, int AttemptsLeft = 0, TimeSpan? RetryAfter = null, string? Error = null);

/// <summary>
/// 短信验证码登录: a customer signs in with a six-digit code sent to the phone bound to their record.
/// The code, its expiry, its attempts and its single use live in the database (one_time_codes), keyed by
/// the phone, so nothing the client keeps can reset them. Unknown numbers get a code record too (never
/// sent), so they answer exactly like known ones.
/// </summary>
internal sealed class PhoneSignIn(AppDbContext db, CustomerDirectory directory, Notifier notifier, OneTimeCodes codes,
    PersonalDataProtector protector, SignInGuard guard, UserManager<AppUser> users, UserAccounts accounts)
{
    /// <summary>The made-up address of a customer who signs in by phone and gave no e-mail (Identity needs one); never shown.</summary>
    public const string PlaceholderEmailDomain = "@customers.paydesk.invalid";

    public async Task<PhoneCodeOutcome> SendCodeAsync(string? phoneInput, CancellationToken ct)
    {
        var phone = PersonalData.NormalizePhone(phoneInput);
        if (phone is null) return PhoneCodeOutcome.InvalidPhone;
        var subject = SubjectFor(phone);
        var code = await codes.IssueAsync(OneTimeCodePurpose.PhoneSignIn, subject, ct);
        if (code is null) return PhoneCodeOutcome.TooMany;
        var customer = await directory.FindAsync(phone, null, ct);
        if (customer is not null)
        {
            await notifier.QueueAsync(customer, DefaultTemplates.VerificationCode, new Dictionary<string, string?>(), Actor.System, ct,
                [NotificationChannel.Sms], secret: code);
        }
        await db.SaveChangesAsync(ct);
        return PhoneCodeOutcome.Sent;
    }

    public async Task<PhoneVerifyResult> VerifyAsync(string? phoneInput, string? code, HttpContext? http, CancellationToken ct)
    {
        var phone = PersonalData.NormalizePhone(phoneInput);
        if (phone is null) return new PhoneVerifyResult(SignInOutcome.Failed, Error: "Validation.Phone");
        var key = guard.KeyFor("phone", phone);
        if (await guard.WaitAsync(key, http, ct) is { } wait) return new PhoneVerifyResult(SignInOutcome.Throttled, RetryAfter: wait);

        var check = await codes.CheckAsync(OneTimeCodePurpose.PhoneSignIn, SubjectFor(phone), code?.Trim(), ct);
        var customer = check.Outcome == CodeCheck.Accepted ? await directory.FindAsync(phone, null, ct) : null;
        if (customer is null)
        {
            await guard.RecordFailureAsync(key, http, ct);
            return check.Outcome == CodeCheck.Wrong && check.AttemptsLeft > 0
                ? new PhoneVerifyResult(SignInOutcome.Failed, AttemptsLeft: check.AttemptsLeft, Error: "Verification.WrongCode")
                : new PhoneVerifyResult(SignInOutcome.Failed, Error: "PhoneLogin.CodeDead");
        }
        var user = await users.Users.FirstOrDefaultAsync(u => u.CustomerId == customer.Id, ct);
        if (user is null)
        {
            // First sign-in by phone: the customer gets an account with no usable password (codes only).
            var email = customer.Email ?? $"{customer.Id:N}{PlaceholderEmailDomain}";
            var (created, _) = await accounts.CreateAsync(email, customer.Name, Roles.Customer, UserAccounts.GeneratePassword(), customer.Id);
            if (created is null) return new PhoneVerifyResult(SignInOutcome.Failed, Error: "PhoneLogin.NoAccount");
            user = created;
        }
        if (user.DeactivatedAt is not null) return new PhoneVerifyResult(SignInOutcome.Deactivated, user);
        await guard.RecordSuccessAsync(key, http, ct);
        return new PhoneVerifyResult(SignInOutcome.SignedIn, user);
    }

    private string SubjectFor(string phone) => protector.Hash(PersonalDataKind.Phone, phone);
}
