using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Operations;

/// <summary>`paydesk backup|restore|doctor|retention`: the operator's verbs (docs/operations.md).</summary>
internal static class OperationsCommands
{
    public static IEnumerable<Command> Create(TextWriter output, TextWriter error, IReadOnlyDictionary<string, string?>? settings,
        Func<IReadOnlyDictionary<string, string?>?, Func<IServiceProvider, Task<int>>, Task<int>> withHost)
    {
        var force = new Option<bool>("--force") { Description = "Replace the file that is already there." };
        var backupFile = new Argument<string>("file") { Description = "Where to write the backup (SQLite: a database file; PostgreSQL: a pg_dump custom-format archive)." };
        var backup = new Command("backup", "Copy the database to a file while PayDesk may be serving (SQLite online backup; PostgreSQL through pg_dump).") { backupFile, force };
        // Verbs that only read or change an existing database check that it is there before their host would create an empty one.
        async Task<int?> ExistingDatabase(StorageOptions storage)
        {
            if (storage.UsePostgres || await DatabaseBackup.ExistingDatabaseProblemAsync(storage, CancellationToken.None) is not { } problem) return null;
            await error.WriteLineAsync("error: " + problem);
            return 1;
        }

        backup.SetAction(async (parse, ct) => await Infrastructure.Cli.PayDeskCli.WithHostAsync(settings, ExistingDatabase, services =>
            DatabaseBackup.BackupAsync(services.GetRequiredService<StorageOptions>(), parse.GetValue(backupFile)!, parse.GetValue(force), output, error, ct)));

        var restoreFile = new Argument<string>("file") { Description = "A backup made by `paydesk backup`." };
        var restoreForce = new Option<bool>("--force") { Description = "Replace the existing database (SQLite: kept beside it; PostgreSQL: stop every node first)." };
        var restore = new Command("restore", "Put a backup in place of the database. Checks the file is a PayDesk database; refuses while a server uses the SQLite database.")
        {
            restoreFile, restoreForce,
        };
        restore.SetAction(async (parse, ct) => await withHost(settings, services =>
            DatabaseBackup.RestoreAsync(services.GetRequiredService<StorageOptions>(), parse.GetValue(restoreFile)!, parse.GetValue(restoreForce), output, error, ct)));

        var doctor = new Command("doctor", "Check this deployment's settings (public address, keys, database, mail relay, webhooks, LDAP, Redis, retention); exits 1 on errors.");
        doctor.SetAction(async (_, ct) => await Infrastructure.Cli.PayDeskCli.WithHostAsync(settings,
            async storage => storage.UsePostgres || await DatabaseBackup.ExistingDatabaseProblemAsync(storage, ct) is not { } problem
                ? null
                : await Doctor.ReportAsync([new DoctorFinding(DoctorLevel.Error, "database", problem)], output),
            async services => await Doctor.ReportAsync(await Doctor.CheckAsync(services, ct), output)));

        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be anonymised; change nothing." };
        var yes = new Option<bool>("--yes") { Description = "Anonymise without asking (scripts, cron). Without it the verb shows what it would do and asks." };
        var retention = new Command("retention",
            "Anonymise closed complaints older than Retention:ClosedComplaintYears (names, contacts, long numbers, attachments), the chats, calls and notices of that age that were not part of a complaint, and customer records nothing keeps; audited.") { dryRun, yes };
        retention.SetAction(async (parse, ct) => await Infrastructure.Cli.PayDeskCli.WithHostAsync(settings, ExistingDatabase, async services =>
        {
            var dry = parse.GetValue(dryRun);
            if (!dry) await services.MigrateDatabaseAsync(ct);
            await using var scope = services.CreateAsyncScope();
            if (dry && (await scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.GetPendingMigrationsAsync(ct)).Any())
            {
                // A dry run changes nothing, migrations included; counting on the old schema could be wrong.
                await error.WriteLineAsync("error: the database has migrations this PayDesk has not applied yet; start PayDesk once (or run `paydesk db migrate`), then count again.");
                return 1;
            }
            var run = scope.ServiceProvider.GetRequiredService<Retention>();
            if (!dry && !parse.GetValue(yes))
            {
                // It cannot be undone: say what it would do first, and go ahead only on a typed "yes" (or --yes).
                var due = await run.RunAsync(dryRun: true, ct);
                await output.WriteLineAsync($"This would anonymise {due.Complaints} complaint(s) closed before {due.Cutoff:yyyy-MM-dd} UTC: " +
                    $"{due.Messages} message(s), {due.Attachments} attachment(s), {due.Customers} customer record(s); and {due.Loose}. It cannot be undone.");
                if (!due.Any) return 0;
                if (Console.IsInputRedirected)
                {
                    await error.WriteLineAsync("error: not confirmed; run again with --yes to anonymise them (nothing was changed).");
                    return 2;
                }
                await output.WriteAsync("Type yes to go ahead: ");
                if (!string.Equals(Console.ReadLine()?.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
                {
                    await output.WriteLineAsync("Nothing was changed.");
                    return 1;
                }
            }
            RetentionResult? total = null;
            RetentionResult result;
            do
            {
                result = await run.RunAsync(dry, ct);
                total = total is null ? result : total.Add(result);
            }
            while (!dry && result.Any);
            await output.WriteLineAsync(
                $"{(dry ? "Dry run: would anonymise" : "Anonymised")} {total.Complaints} complaint(s) closed before {total.Cutoff:yyyy-MM-dd} UTC: " +
                $"{total.Messages} message(s), {total.Attachments} attachment(s), {total.Customers} customer record(s); and {total.Loose}.");
            return 0;
        }));
        return [backup, restore, doctor, retention];
    }
}

internal static class OperationsSetup
{
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.ClosedComplaintYears is >= 1 and <= RetentionOptions.MaxYears && o.BatchSize >= 1,
                $"Retention:ClosedComplaintYears must be between 1 and {RetentionOptions.MaxYears} and Retention:BatchSize at least 1.");
        builder.Services.AddScoped<Retention>();
        builder.Services.AddSingleton<ServerLock>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ServerLock>());
        if (builder.Configuration.GetValue<bool>("Retention:DailyJob")) builder.Services.AddHostedService<RetentionJob>();
        return builder;
    }
}
