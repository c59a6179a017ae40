using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>
/// Refuses passwords that guessing attacks try first, whatever their shape: the shipped list of common
/// passwords (also with digits or symbols added at the end, as "Password2026!"), and passwords made
/// of the person's own e-mail name or display name.
/// </summary>
internal sealed class CommonPasswordValidator(IStringLocalizer<SharedResource> l) : IPasswordValidator<AppUser>
{
    private static readonly Lazy<HashSet<string>> Common = new(Load);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password)) return Task.FromResult(IdentityResult.Success);
        if (IsCommon(password))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = l["Account.CommonPassword"] }));
        }
        var lower = password.ToLowerInvariant();
        var local = user.Email?.Split('@')[0].ToLowerInvariant();
        var name = user.DisplayName.Replace(" ", "").ToLowerInvariant();
        if ((local is { Length: >= 4 } && lower.Contains(local)) || (name.Length >= 4 && lower.Contains(name)))
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PersonalPassword", Description = l["Account.PersonalPassword"] }));
        }
        return Task.FromResult(IdentityResult.Success);
    }

    public static bool IsCommon(string password)
    {
        var lower = password.Trim().ToLowerInvariant();
        var stem = lower.TrimEnd("0123456789!@#$%^&*()-_=+.,?~ ".ToCharArray());
        return Common.Value.Contains(lower) || (stem.Length >= 4 && Common.Value.Contains(stem));
    }

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("common-passwords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim());
        }
        return set;
    }
}
