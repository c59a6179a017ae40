using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using PayDesk.Infrastructure.Data;

namespace PayDesk.Features.Operations;

/// <summary>
/// `paydesk backup` and `paydesk restore`. SQLite: the online backup API copies a consistent snapshot while the
/// server goes on writing (WAL readers never block the writer). PostgreSQL: pg_dump/pg_restore with the configured
/// connection (custom format). Key rings and attachments are files in the data folder: copy them alongside.
/// </summary>
internal static class DatabaseBackup
{
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Tables every PayDesk database has; a file without them is not one.</summary>
    private static readonly string[] RequiredTables = ["__ef_migrations_history", "tickets", "customers", "audit_entries"];

    public static async Task<int> BackupAsync(StorageOptions storage, string file, bool overwrite, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target) && !overwrite)
        {
            await error.WriteLineAsync($"error: {target} exists; pass --force to replace it.");
            return 2;
        }
        if (Path.GetDirectoryName(target) is { } folder) Directory.CreateDirectory(folder);
        if (storage.UsePostgres) return await PgAsync("pg_dump", storage, ["--format=custom", "--no-owner", "--file", target], output, error, ct);

        if (!File.Exists(storage.SqlitePath))
        {
            await error.WriteLineAsync($"error: no database at {storage.SqlitePath} (check PAYDESK_DATA_DIR / Storage:DataDir).");
            return 1;
        }
        var partial = target + ".partial";
        File.Delete(partial);
        var watch = Stopwatch.StartNew();
        // Created empty and owner-only first: SQLite keeps the mode of the file it opens.
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) create.UnixCreateMode = OwnerOnlyFile;
        await using (new FileStream(partial, create))
        {
        }
        await using (var source = new SqliteConnection(Connection(storage.SqlitePath, SqliteOpenMode.ReadWrite)))
        await using (var destination = new SqliteConnection(Connection(partial, SqliteOpenMode.ReadWrite)))
        {
            await source.OpenAsync(ct);
            await Execute(source, "PRAGMA busy_timeout=30000;", ct);
            await destination.OpenAsync(ct);
            // One step: a consistent snapshot taken in one read transaction; the server's writes go on meanwhile.
            source.BackupDatabase(destination);
            // The copy is one self-contained file (no -wal beside it).
            await Execute(destination, "PRAGMA journal_mode=DELETE;", ct);
            var check = await Scalar(destination, "PRAGMA quick_check;", ct);
            if (check != "ok")
            {
                await error.WriteLineAsync($"error: the copy failed its check ({check}); nothing written.");
                File.Delete(partial);
                return 1;
            }
        }
        File.Move(partial, target, overwrite: true);
        var size = new FileInfo(target).Length;
        await output.WriteLineAsync($"Backed up {storage.SqlitePath} to {target} ({size / 1024.0 / 1024.0:0.0} MB in {watch.Elapsed.TotalSeconds:0.0} s).");
        await output.WriteLineAsync($"Also keep a copy of {Path.Combine(Path.GetFullPath(storage.DataDir), "keys")} (without its keys the encrypted phone and ID numbers cannot be read) and of the attachments folder.");
        return 0;
    }

    public static async Task<int> RestoreAsync(StorageOptions storage, string file, bool force, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var source = Path.GetFullPath(file);
        if (!File.Exists(source))
        {
            await error.WriteLineAsync($"error: {source} does not exist.");
            return 2;
        }
        if (storage.UsePostgres)
        {
            if (!force)
            {
                await error.WriteLineAsync("error: restoring into PostgreSQL replaces every PayDesk table in the configured database. " +
                    "Stop every PayDesk node first, then run again with --force.");
                return 2;
            }
            return await PgAsync("pg_restore", storage, ["--clean", "--if-exists", "--no-owner", "--single-transaction", source], output, error, ct);
        }

        var problem = await CheckPayDeskDatabaseAsync(source, ct);
        if (problem is not null)
        {
            await error.WriteLineAsync($"error: {source} is not a PayDesk database: {problem}");
            return 1;
        }
        if (ServerLock.IsHeld(storage))
        {
            await error.WriteLineAsync($"error: a PayDesk server is using {storage.SqlitePath} (it holds {ServerLock.PathFor(storage)}). Stop it, then restore.");
            return 3;
        }
        var database = storage.SqlitePath;
        var hasData = File.Exists(database) && new FileInfo(database).Length > 0;
        if (hasData && !force)
        {
            await error.WriteLineAsync($"error: {database} exists; pass --force to replace it (the current file is kept beside it).");
            return 2;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        SqliteConnection.ClearAllPools();
        if (hasData)
        {
            // Fold the current WAL into the file so the copy kept aside is complete.
            await using (var current = new SqliteConnection(Connection(database, SqliteOpenMode.ReadWrite)))
            {
                await current.OpenAsync(ct);
                await Execute(current, "PRAGMA wal_checkpoint(TRUNCATE);", ct);
            }
            SqliteConnection.ClearAllPools();
            var aside = $"{database}.before-restore-{DateTime.UtcNow:yyyyMMddHHmmss}";
            File.Move(database, aside);
            await output.WriteLineAsync($"The database that was there is kept as {aside}.");
        }
        foreach (var extra in new[] { database + "-wal", database + "-shm", database + "-journal" }) File.Delete(extra);
        var partial = database + ".restoring";
        File.Copy(source, partial, overwrite: true);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, OwnerOnlyFile);
        // Building the CLI's host leaves an empty database file in a new data folder: replace it.
        File.Move(partial, database, overwrite: true);
        await output.WriteLineAsync($"Restored {source} to {database}. Start PayDesk: migrations newer than the backup run at start.");
        return 0;
    }

    /// <summary>Null when the file is a sound SQLite database with PayDesk's tables; otherwise what is wrong.</summary>
    internal static async Task<string?> CheckPayDeskDatabaseAsync(string file, CancellationToken ct)
    {
        var header = new byte[16];
        await using (var stream = File.OpenRead(file))
        {
            if (await stream.ReadAtLeastAsync(header, 16, throwOnEndOfStream: false, ct) < 16 || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            {
                return "it is not an SQLite database file.";
            }
        }
        try
        {
            await using var connection = new SqliteConnection(Connection(file, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(ct);
            foreach (var table in RequiredTables)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
                command.Parameters.AddWithValue("$name", table);
                if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0) return $"it has no '{table}' table.";
            }
            var check = await Scalar(connection, "PRAGMA quick_check;", ct);
            return check == "ok" ? null : $"its integrity check says: {check}";
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    private static string Connection(string path, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false, DefaultTimeout = 30 }.ToString();

    private static async Task Execute(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string?> Scalar(SqliteConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (await command.ExecuteScalarAsync(ct))?.ToString();
    }

    /// <summary>Runs pg_dump or pg_restore against the configured database; the password goes by PGPASSWORD, never the command line.</summary>
    private static async Task<int> PgAsync(string tool, StorageOptions storage, string[] arguments, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(storage.PostgresConnectionString);
        var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.ArgumentList.Add("--host");
        start.ArgumentList.Add(cs.Host ?? "localhost");
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(cs.Username))
        {
            start.ArgumentList.Add("--username");
            start.ArgumentList.Add(cs.Username);
        }
        start.ArgumentList.Add("--no-password");
        start.ArgumentList.Add("--dbname");
        start.ArgumentList.Add(cs.Database ?? "paydesk");
        if (!string.IsNullOrEmpty(cs.Password)) start.Environment["PGPASSWORD"] = cs.Password;
        var shown = $"{tool} {string.Join(' ', start.ArgumentList.Select(a => a.Contains(' ') ? $"'{a}'" : a))}";
        await output.WriteLineAsync($"Running: {shown}");
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            await error.WriteLineAsync($"error: {tool} was not found. Install the PostgreSQL client (Debian: postgresql-client, the same major version as the server) and run: {shown}");
            return 1;
        }
        if (process is null) return 1;
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync(ct);
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await output.WriteAsync(await stdout);
            await error.WriteAsync(await stderr);
            if (process.ExitCode != 0) await error.WriteLineAsync($"error: {tool} exited with {process.ExitCode}.");
            else await output.WriteLineAsync($"{tool} finished.");
            return process.ExitCode == 0 ? 0 : 1;
        }
    }
}
