using System.CommandLine;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Identity;

/// <summary>`paydesk users add --email … --role … --password …`: staff accounts from the command line.</summary>
internal static class UserCommands
{
    /// <param name="withHost">Builds the application with these settings and runs the work against its services (the CLI's host).</param>
    public static Command Create(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings,
        Func<IReadOnlyDictionary<string, string?>?, Func<IServiceProvider, Task<int>>, Task<int>> withHost)
    {
        var users = new Command("users", "Staff and customer accounts.");
        var email = new Option<string>("--email") { Description = "Sign-in e-mail address.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong(Roles.All);
        var password = new Option<string>("--password") { Description = "Initial password (10+ characters with upper, lower case and a digit).", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the e-mail's local part)." };
        var add = new Command("add", "Add a staff account.") { email, role, password, name };
        add.SetAction(async (parse, ct) => await withHost(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var address = parse.GetValue(email)!.Trim();
            var (user, errors) = await accounts.CreateAsync(address, parse.GetValue(name) ?? address.Split('@')[0],
                parse.GetValue(role)!, parse.GetValue(password)!);
            if (user is null)
            {
                // The e-mail is also the user name: Identity refuses a used one twice, in the same words.
                foreach (var message in errors.Distinct()) await error.WriteLineAsync("error: " + message);
                return 1;
            }
            await output.WriteLineAsync($"Added {address} as {parse.GetValue(role)}.");
            return 0;
        }));
        users.Subcommands.Add(add);
        return users;
    }
}
