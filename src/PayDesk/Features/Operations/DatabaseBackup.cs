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
        if (string.IsNullOrWhiteSpace(file))
        {
            await error.WriteLineAsync("error: name the file to write the backup to.");
            return 2;
        }
        var target = Path.GetFullPath(file);
        if (Directory.Exists(target))
        {
            await error.WriteLineAsync($"error: {target} is a folder; name the backup file inside it (for example {Path.Combine(target, "paydesk.db")}).");
            return 2;
        }
        if (!storage.UsePostgres && InsideDataFolder(storage, target))
        {
            // Above all the live database itself: replacing it under a running server corrupts it, whatever --force says.
            await error.WriteLineAsync($"error: {target} is inside the data folder {Path.GetFullPath(storage.DataDir)}; " +
                "a backup belongs elsewhere (another disk or machine), and one written over the database's own files would destroy it.");
            return 2;
        }
        if (File.Exists(target) && !overwrite)
        {
            await error.WriteLineAsync($"error: {target} exists; pass --force to replace it.");
            return 2;
        }
        if (Path.GetDirectoryName(target) is { } folder && !Directory.Exists(folder))
        {
            await error.WriteLineAsync($"error: the folder {folder} does not exist; create it first (a mistyped path should not send backups elsewhere).");
            return 2;
        }
        if (storage.UsePostgres) return await PgAsync("pg_dump", storage, ["--format=custom", "--no-owner", "--file", target], output, error, ct);

        if (await ExistingDatabaseProblemAsync(storage, ct) is { } missing)
        {
            await error.WriteLineAsync("error: " + missing);
            return 1;
        }
        var partial = target + ".partial";
        try
        {
            return await CopyAsync(storage, target, partial, output, error, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(partial);
            await error.WriteLineAsync($"error: cannot write {target}: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> CopyAsync(StorageOptions storage, string target, string partial, TextWriter output, TextWriter error, CancellationToken ct)
    {
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
        if (string.IsNullOrWhiteSpace(file))
        {
            await error.WriteLineAsync("error: name the backup file to restore.");
            return 2;
        }
        var source = Path.GetFullPath(file);
        if (Directory.Exists(source))
        {
            await error.WriteLineAsync($"error: {source} is a folder, not a backup file.");
            return 2;
        }
        if (!File.Exists(source))
        {
            await error.WriteLineAsync($"error: {source} does not exist.");
            return 2;
        }
        if (!storage.UsePostgres && IsDatabaseFile(storage, source))
        {
            await error.WriteLineAsync($"error: {source} is the database the restore would replace; name a backup file.");
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
        // The copy first, beside the database: nothing is moved aside until the backup is safely in the data folder.
        var partial = database + ".restoring";
        try
        {
            File.Copy(source, partial, overwrite: true);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(partial, OwnerOnlyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            await error.WriteLineAsync($"error: cannot copy {source} into {Path.GetDirectoryName(database)}: {ex.Message}; nothing was changed.");
            return 1;
        }
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
        // Building the CLI's host leaves an empty database file in a new data folder: replace it.
        File.Move(partial, database, overwrite: true);
        await output.WriteLineAsync($"Restored {source} to {database}. Start PayDesk: migrations newer than the backup run at start.");
        var keys = Path.Combine(Path.GetFullPath(storage.DataDir), "keys");
        if (!Directory.Exists(keys) || !Directory.EnumerateFileSystemEntries(keys).Any())
        {
            await error.WriteLineAsync($"warning: {keys} is missing or empty. Put back the keys folder saved with this backup before starting PayDesk, " +
                "or the encrypted phone and ID numbers cannot be read and known customers are not recognised.");
        }
        return 0;
    }

    /// <summary>True for the data folder itself and anything in it (the database and its -wal/-shm files above all).</summary>
    private static bool InsideDataFolder(StorageOptions storage, string path)
    {
        var folder = Path.TrimEndingDirectorySeparator(Path.GetFullPath(storage.DataDir));
        var full = Path.GetFullPath(path);
        return string.Equals(full, folder, PathComparison) || full.StartsWith(folder + Path.DirectorySeparatorChar, PathComparison) || IsDatabaseFile(storage, full);
    }

    /// <summary>The SQLite database or one of its -wal, -shm and -journal files.</summary>
    private static bool IsDatabaseFile(StorageOptions storage, string path)
    {
        var full = Path.GetFullPath(path);
        var database = Path.GetFullPath(storage.SqlitePath);
        return string.Equals(full, database, PathComparison) || new[] { "-wal", "-shm", "-journal" }.Any(x => string.Equals(full, database + x, PathComparison));
    }

    /// <summary>How the file system compares names (case-insensitive on Windows and macOS).</summary>
    private static StringComparison PathComparison =>
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>
    /// Null when the configured SQLite database exists and is PayDesk's; otherwise what is wrong, said so that a wrong
    /// PAYDESK_DATA_DIR is recognised. Checked before the verbs build their host (which would create an empty one).
    /// </summary>
    internal static async Task<string?> ExistingDatabaseProblemAsync(StorageOptions storage, CancellationToken ct)
    {
        var database = storage.SqlitePath;
        var folder = Path.GetFullPath(storage.DataDir);
        if (File.Exists(folder)) return $"the data folder {folder} is a file (check PAYDESK_DATA_DIR / Storage:DataDir).";
        if (!File.Exists(database)) return $"no PayDesk database at {database} (check PAYDESK_DATA_DIR / Storage:DataDir, or restore a backup).";
        if (new FileInfo(database).Length == 0) return $"the database {database} is empty: PayDesk has never run on this data folder (check PAYDESK_DATA_DIR).";
        if (!await HasSqliteHeaderAsync(database, ct)) return $"{database} is not an SQLite database file.";
        try
        {
            // Read-write (never create): a read-only connection cannot open a WAL database whose -shm file is missing.
            await using var connection = new SqliteConnection(Connection(database, SqliteOpenMode.ReadWrite));
            await connection.OpenAsync(ct);
            return await HasTableAsync(connection, "__ef_migrations_history", ct) ? null : $"{database} is not a PayDesk database (it has no migration history).";
        }
        catch (SqliteException ex)
        {
            return $"{database} cannot be read: {ex.Message}";
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>Null when the file is a sound SQLite database with PayDesk's tables; otherwise what is wrong.</summary>
    internal static async Task<string?> CheckPayDeskDatabaseAsync(string file, CancellationToken ct)
    {
        if (!await HasSqliteHeaderAsync(file, ct)) return "it is not an SQLite database file.";
        try
        {
            await using var connection = new SqliteConnection(Connection(file, SqliteOpenMode.ReadOnly));
            await connection.OpenAsync(ct);
            foreach (var table in RequiredTables)
            {
                if (!await HasTableAsync(connection, table, ct)) return $"it has no '{table}' table.";
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

    private static async Task<bool> HasTableAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Whether the file starts with SQLite's 16-byte header (read while a server may have it open).</summary>
    private static async Task<bool> HasSqliteHeaderAsync(string file, CancellationToken ct)
    {
        var header = new byte[16];
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return await stream.ReadAtLeastAsync(header, 16, throwOnEndOfStream: false, ct) == 16 && header.AsSpan().SequenceEqual("SQLite format 3\0"u8);
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
