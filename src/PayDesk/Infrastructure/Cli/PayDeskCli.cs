using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Demo;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Infrastructure.Cli;

/// <summary>
/// The `paydesk` verbs, run by the same executable as the server
/// (`dotnet run --project src/PayDesk -- users add …`).
/// </summary>
internal static class PayDeskCli
{
    private static readonly string[] HelpFlags = ["--help", "-h", "-?", "/?", "help", "--version"];

    /// <summary>
    /// A verb or help flag is the CLI's; anything else starting with a dash (<c>--urls …</c>) or holding '='
    /// (<c>Storage:DataDir=…</c>) is server configuration. An unknown verb is the CLI's too, so it gets usage
    /// and a non-zero exit instead of silently starting a server.
    /// </summary>
    public static bool IsCommand(string[] args) =>
        args.Length > 0 && (HelpFlags.Contains(args[0], StringComparer.OrdinalIgnoreCase) || (!args[0].StartsWith('-') && !args[0].Contains('='))
            || DashedVerb(args[0]) is not null);

    /// <summary>The verbs, for telling `--doctor` (a verb typed as an option, which used to start a server) from a setting.</summary>
    internal static readonly string[] Verbs = ["db", "users", "seed", "sla", "assistant", "forecast", "backup", "restore", "doctor", "retention"];

    private static string? DashedVerb(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) && Verbs.Contains(arg[2..], StringComparer.OrdinalIgnoreCase) ? arg[2..].ToLowerInvariant() : null;

    public static async Task<int> RunAsync(
        string[] args, TextWriter? output = null, TextWriter? error = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        // The verbs' help and messages are English; what they pass on from the application (a refused password, a used
        // e-mail) follows them, unless the operator's locale is Chinese (LANG=zh_CN.UTF-8). The web's default stays Chinese.
        if (!System.Globalization.CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase))
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        }
        var root = new RootCommand("PayDesk — customer service and complaint handling for payment companies.");

        var db = new Command("db", "Database tasks.");
        var migrate = new Command("migrate", "Apply all migrations to the configured database (SQLite or PostgreSQL).");
        migrate.SetAction(async (_, ct) => await WithHostAsync(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await output.WriteLineAsync(Describe(services) + ": migrations applied.");
            return 0;
        }));
        db.Subcommands.Add(migrate);
        root.Subcommands.Add(db);

        root.Subcommands.Add(Features.Identity.UserCommands.Create(output, error, settings, WithHostAsync));

        var demo = new Option<bool>("--demo") { Description = "Add the demo customers, staff and complaints.", Required = true };
        var seed = new Command("seed", "Fill the database with data.") { demo };
        seed.SetAction(async (parse, ct) => await WithHostAsync(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await BootstrapAdmin.EnsureAsync(services, output);
            var added = await DemoData.SeedAsync(services, output, ct);
            await output.WriteLineAsync(added ? "Demo data added." : "Demo data is already there; nothing added.");
            return 0;
        }));
        root.Subcommands.Add(seed);

        root.Subcommands.Add(Features.Sla.SlaCommands.Sla(output, error));
        root.Subcommands.Add(Features.Assistant.AssistantCommands.Create(output, error, settings, WithHostAsync));
        root.Subcommands.Add(Features.Workforce.WorkforceCommands.Forecast(output, error, settings));
        foreach (var command in Features.Operations.OperationsCommands.Create(output, error, settings, WithHostAsync)) root.Subcommands.Add(command);

        if (args[0] == "help") args = ["--help", .. args[1..]];
        if (DashedVerb(args[0]) is { } verb)
        {
            await error.WriteLineAsync($"paydesk: '{args[0]}' is not a setting; the verb is written without dashes: PayDesk {verb} {string.Join(' ', args[1..])}".TrimEnd());
            return 2;
        }
        if (!HelpFlags.Contains(args[0], StringComparer.OrdinalIgnoreCase) && !args[0].StartsWith('-') && !root.Subcommands.Any(c => c.Name == args[0]))
        {
            await error.WriteLineAsync($"paydesk: unknown verb '{args[0]}'. Run with no arguments to start the server.");
            await error.WriteLineAsync();
            await root.Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
            return 2;
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // Bad arguments: what is wrong and the verb's usage, on stderr, exit 2 (as docs/operations.md says).
            foreach (var problem in parsed.Errors) await error.WriteLineAsync("error: " + problem.Message);
            var path = new List<string>();
            for (var result = (System.CommandLine.Parsing.SymbolResult?)parsed.CommandResult; result is not null; result = result.Parent)
            {
                if (result is System.CommandLine.Parsing.CommandResult { Command: var command } && command != root) path.Insert(0, command.Name);
            }
            await error.WriteLineAsync();
            await root.Parse([.. path, "--help"]).InvokeAsync(new InvocationConfiguration { Output = error, Error = error });
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is StartupProblem or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // A setting or a database this build cannot work with: one line, as the server says it, and exit 2.
            await error.WriteLineAsync("error: " + ex.Message);
            return 2;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await error.WriteLineAsync("error: " + ex);
            return 1;
        }
    }

    internal static Task<int> WithHostAsync(IReadOnlyDictionary<string, string?>? settings, Func<IServiceProvider, Task<int>> work) =>
        WithHostAsync(settings, null, work);

    /// <summary>
    /// Builds the host the verbs work with. <paramref name="before"/> sees the storage settings first and may refuse (its
    /// exit code) — building the host creates the data folder and an empty SQLite database, which a verb that only reads
    /// must not do on a mistyped PAYDESK_DATA_DIR.
    /// </summary>
    internal static async Task<int> WithHostAsync(IReadOnlyDictionary<string, string?>? settings, Func<StorageOptions, Task<int?>>? before,
        Func<IServiceProvider, Task<int>> work)
    {
        var builder = WebApplication.CreateBuilder(PayDeskHost.Options([]));
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        if (before is not null && await before(StorageOptions.FromConfiguration(builder.Configuration)) is { } refused) return refused;
        builder.AddPayDesk();
        builder.Logging.ClearProviders();
        await using var app = builder.Build();
        return await work(app.Services);
    }

    internal static string Describe(IServiceProvider services)
    {
        var storage = services.GetRequiredService<StorageOptions>();
        using var scope = services.CreateScope();
        var provider = scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.ProviderName;
        return storage.UsePostgres ? $"PostgreSQL ({provider})" : $"SQLite at {storage.SqlitePath}";
    }
}
