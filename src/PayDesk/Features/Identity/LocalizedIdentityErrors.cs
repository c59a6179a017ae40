using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace PayDesk.Features.Identity;

/// <summary>Identity's messages that people see when choosing a password or an e-mail, in their language.</summary>
internal sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = l["Account.CurrentPasswordWrong"] };

    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = l["Account.PasswordTooShort", length] };

    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = l["Account.PasswordRequiresDigit"] };

    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = l["Account.PasswordRequiresLower"] };

    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = l["Account.PasswordRequiresUpper"] };

    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = l["Account.DuplicateEmail", email] };

    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = l["Account.DuplicateEmail", userName] };
}
