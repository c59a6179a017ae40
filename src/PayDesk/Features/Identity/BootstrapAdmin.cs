using Microsoft.Extensions.Options;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>On first start with an empty database, creates the first administrator.</summary>
internal static class BootstrapAdmin
{
    public static async Task EnsureAsync(IServiceProvider services, TextWriter console)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        await accounts.EnsureRolesAsync();
        if (await accounts.AnyUsersAsync()) return;

        var options = scope.ServiceProvider.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var generated = string.IsNullOrEmpty(options.AdminPassword);
        var password = generated ? UserAccounts.GeneratePassword() : options.AdminPassword!;
        var (user, errors) = await accounts.CreateAsync(options.AdminEmail, "管理员", Roles.Admin, password);
        if (user is null)
        {
            // The chosen password breaks the password rules: said in one line (no stack trace), and the next start with
            // another password goes on from here (the schema is in place, no user was written).
            throw new StartupProblem(
                $"PAYDESK_ADMIN_PASSWORD is refused for {options.AdminEmail}: {string.Join(" ", errors)} "
                + "Choose another (at least 10 characters, not containing the e-mail's name, not a common password) and start again.");
        }

        // Written to the console only (never to the log pipeline), and only once: it is a secret.
        console.WriteLine();
        console.WriteLine("==================== PayDesk first administrator ====================");
        console.WriteLine($"  e-mail:   {options.AdminEmail}");
        console.WriteLine(generated
            ? $"  password: {password}   (generated; shown only this once — change it after signing in)"
            : "  password: the value of PAYDESK_ADMIN_PASSWORD");
        console.WriteLine("======================================================================");
        console.WriteLine();
    }
}

/// <summary>A start-up that cannot go on because of a setting: PayDesk prints the message alone and exits with 2.</summary>
internal sealed class StartupProblem(string message) : Exception(message);
