using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Demo;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Infrastructure.Cli;

/// <summary>
/// The `paydesk` verbs, run by the same executable as the server
/// (`dotnet run --project src/PayDesk -- users add …`).
/// </summary>
internal static class PayDeskCli
{
    private static readonly string[] Verbs = ["db", "users", "seed", "sla", "assistant", "forecast", "--help", "-h", "-?", "help"];

    public static bool IsCommand(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static async Task<int> RunAsync(
        string[] args, TextWriter? output = null, TextWriter? error = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
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

        var users = new Command("users", "Staff and customer accounts.");
        var email = new Option<string>("--email") { Description = "Sign-in e-mail address.", Required = true };
        var role = new Option<string>("--role") { Description = $"One of: {string.Join(", ", Roles.All)}.", Required = true };
        role.AcceptOnlyFromAmong(Roles.All);
        var password = new Option<string>("--password") { Description = "Initial password (10+ characters with upper, lower case and a digit).", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name (defaults to the e-mail's local part)." };
        var add = new Command("add", "Add a staff account.") { email, role, password, name };
        add.SetAction(async (parse, ct) => await WithHostAsync(settings, async services =>
        {
            await services.MigrateDatabaseAsync(ct);
            await using var scope = services.CreateAsyncScope();
            var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
            var address = parse.GetValue(email)!.Trim();
            var (user, errors) = await accounts.CreateAsync(address, parse.GetValue(name) ?? address.Split('@')[0],
                parse.GetValue(role)!, parse.GetValue(password)!);
            if (user is null)
            {
                foreach (var message in errors) await error.WriteLineAsync("error: " + message);
                return 1;
            }
            await output.WriteLineAsync($"Added {address} as {parse.GetValue(role)}.");
            return 0;
        }));
        users.Subcommands.Add(add);
        root.Subcommands.Add(users);

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
        root.Subcommands.Add(AssistantCommand(output, error, settings));
        root.Subcommands.Add(Features.Workforce.WorkforceCommands.Forecast(output, error, settings));

        var parsed = root.Parse(args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    internal static async Task<int> WithHostAsync(IReadOnlyDictionary<string, string?>? settings, Func<IServiceProvider, Task<int>> work)
    {
        var builder = WebApplication.CreateBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
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

    private static Command AssistantCommand(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings)
    {
        var task = new Option<string>("--task")
        {
            Description = "intent (CSV text,category), match (AFQMC TSV or BQ CSV pairs), oos (BANKING77-OOS folders) or dialogue (JSON lines, e.g. content/assistant/dialogues.jsonl).",
            Required = true,
        };
        task.AcceptOnlyFromAmong("intent", "match", "oos", "dialogue");
        var train = new Option<string?>("--train") { Description = "Training data (a file; for oos a folder with seq.in and label); not used by dialogue." };
        var test = new Option<string?>("--test") { Description = "Evaluation data, same format (oos: comma-separated folders); or use --folds." };
        var folds = new Option<int?>("--folds") { Description = "intent: k-fold cross-validation on --train instead of a --test file." };
        var valid = new Option<string?>("--valid") { Description = "oos only: folder(s) used to choose the out-of-scope threshold (comma-separated)." };
        var eval = new Command("eval", "Train on one file and score on another; ends with one line of figures.") { task, train, test, valid, folds };
        eval.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(task) == "dialogue")
            {
                if (parse.GetValue(test) is null)
                {
                    await error.WriteLineAsync("error: --test FILE (JSON lines) is required.");
                    return 2;
                }
                var dialogues = Path.GetFullPath(parse.GetValue(test)!);
                if (!File.Exists(dialogues))
                {
                    await error.WriteLineAsync($"error: {dialogues} does not exist.");
                    return 2;
                }
                var scratch = Directory.CreateTempSubdirectory("paydesk-dialogue-");
                try
                {
                    return await WithHostAsync(new Dictionary<string, string?>
                    {
                        ["PAYDESK_DATA_DIR"] = scratch.FullName, ["PAYDESK_POSTGRES"] = "", ["PAYDESK_DEMO"] = "false",
                        ["PAYDESK_ADMIN_PASSWORD"] = "Eval-" + Guid.NewGuid().ToString("N"), ["Assistant:Enabled"] = "true",
                    }, services => Features.Assistant.DialogueEval.RunAsync(dialogues, services, output, ct));
                }
                finally
                {
                    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                    scratch.Delete(recursive: true);
                }
            }
            if (parse.GetValue(train) is null)
            {
                await error.WriteLineAsync("error: --train is required for this task.");
                return 2;
            }
            var trainPath = Path.GetFullPath(parse.GetValue(train)!);
            if (parse.GetValue(folds) is { } k)
            {
                if (parse.GetValue(task) != "intent" || k is < 2 or > 20)
                {
                    await error.WriteLineAsync("error: --folds (2–20) works with --task intent.");
                    return 2;
                }
                if (!File.Exists(trainPath))
                {
                    await error.WriteLineAsync($"error: {trainPath} does not exist.");
                    return 2;
                }
                return Features.Assistant.AssistantEval.CrossValidateIntent(trainPath, k, output, error);
            }
            if (parse.GetValue(test) is null)
            {
                await error.WriteLineAsync("error: --test (or --folds) is required.");
                return 2;
            }
            var testPath = string.Join(",", parse.GetValue(test)!.Split(',').Select(Path.GetFullPath));
            var validPath = parse.GetValue(valid) is { } v ? string.Join(",", v.Split(',').Select(Path.GetFullPath)) : null;
            foreach (var path in new[] { trainPath }.Concat(testPath.Split(',')).Concat(validPath?.Split(',') ?? []))
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    error.WriteLine($"error: {path} does not exist.");
                    return 2;
                }
            }
            try
            {
                return parse.GetValue(task) switch
                {
                    "intent" => Features.Assistant.AssistantEval.RunIntent(trainPath, testPath, output, error),
                    "match" => Features.Assistant.MatchEval.Run(trainPath, testPath, output, error),
                    _ => Features.Assistant.OosEval.Run(trainPath, testPath, validPath, output, error),
                };
            }
            catch (FormatException ex)
            {
                error.WriteLine("error: " + ex.Message);
                return 2;
            }
        });
        var banking77 = new Option<string?>("--banking77") { Description = "Also learn BANKING77's English banking intents from this CSV (text,category; CC BY 4.0)." };
        var trainCommand = new Command("train", "Train a new intent model version; it becomes active only if it scores at least as well.") { banking77 };
        trainCommand.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(banking77) is { } b ? Path.GetFullPath(b) : null;
            if (path is not null && !File.Exists(path))
            {
                await error.WriteLineAsync($"error: {path} does not exist.");
                return 2;
            }
            return await WithHostAsync(settings, async services =>
            {
                await services.MigrateDatabaseAsync(ct);
                return await Features.Assistant.AssistantTraining.TrainAsync(services, path, output, error, ct);
            });
        });
        var assistant = new Command("assistant", "The assistant's models.");
        assistant.Subcommands.Add(eval);
        assistant.Subcommands.Add(trainCommand);
        return assistant;
    }
}
