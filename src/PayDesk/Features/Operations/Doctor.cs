using System.Net.Sockets;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Channels;
using PayDesk.Features.Identity.Ldap;
using PayDesk.Features.Notifications;
using PayDesk.Features.Settings;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Operations;

internal enum DoctorLevel
{
    Ok,
    Warning,
    Error,
}

internal sealed record DoctorFinding(DoctorLevel Level, string Area, string Text);

/// <summary>
/// `paydesk doctor`: checks a deployment's settings against the things that make it work for customers and staff —
/// public address, key rings, database reachable and migrated, mail relay, webhook secrets, LDAP, Redis, retention.
/// Reads only (it connects, it does not change anything); errors make the exit code non-zero.
/// </summary>
internal static class Doctor
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Why the database cannot be opened (the driver's words, innermost cause last), or null when it can.</summary>
    private static async Task<string?> ConnectProblemAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.CloseConnectionAsync();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // EF Core's retrying strategy wraps the driver's words in "likely due to a transient failure": those are what matter.
            if (ex is InvalidOperationException { InnerException: { } cause } && ex.Message.Contains("transient failure", StringComparison.Ordinal)) ex = cause;
            var why = ex.Message.TrimEnd('.');
            for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
            {
                if (!why.Contains(inner.Message.TrimEnd('.'), StringComparison.Ordinal)) why += ": " + inner.Message.TrimEnd('.');
            }
            return why + ".";
        }
    }

    /// <summary>
    /// How many nodes PostgreSQL's connection limit (<paramref name="available"/>: max_connections less the superusers'
    /// reserve) leaves room for at this node's pool size; <paramref name="severalNodes"/> when Redis is set (a cluster).
    /// </summary>
    internal static DoctorFinding ConnectionsFinding(int available, int pool, bool severalNodes)
    {
        var nodes = pool > 0 ? available / pool : int.MaxValue;
        var limit = $"PostgreSQL accepts {available} connections (max_connections less superuser_reserved_connections)";
        if (nodes == 0)
        {
            return new(DoctorLevel.Error, "connections", $"{limit}, but this node alone may open {pool} (Maximum Pool Size in PAYDESK_POSTGRES): " +
                "under load its requests fail with 503. Lower Maximum Pool Size or raise max_connections.");
        }
        if (nodes == 1 && severalNodes)
        {
            return new(DoctorLevel.Warning, "connections", $"{limit}: room for one node at Maximum Pool Size={pool}, and PAYDESK_REDIS says there are " +
                "several. Give each node a pool of at most max_connections ÷ nodes (less what pg_dump, the replica and psql need).");
        }
        return new(DoctorLevel.Ok, "connections", nodes == int.MaxValue
            ? $"{limit}; this node's pool is unbounded."
            : $"{limit}: room for {nodes} node(s) at Maximum Pool Size={pool}.");
    }

    /// <summary>Why the model cache cannot be written (a file in its place, a folder PayDesk may not write), or null. Writes nothing that stays.</summary>
    private static string? ModelCacheProblem(string folder)
    {
        if (File.Exists(folder)) return "is a file, not a folder";
        // The folder, or the nearest folder above it that exists (PayDesk creates the rest on its first start).
        var existing = folder;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return "no folder above it exists";
            if (File.Exists(parent)) return $"{parent} is a file, not a folder";
            existing = parent;
        }
        var probe = Path.Combine(existing, $".paydesk-doctor-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{existing} cannot be written ({ex.GetType().Name})";
        }
    }

    public static async Task<IReadOnlyList<DoctorFinding>> CheckAsync(IServiceProvider services, CancellationToken ct)
    {
        var findings = new List<DoctorFinding>();
        void Add(DoctorLevel level, string area, string text) => findings.Add(new DoctorFinding(level, area, text));
        var configuration = services.GetRequiredService<IConfiguration>();
        var storage = services.GetRequiredService<StorageOptions>();

        // Database first: the settings saved on the admin pages live there.
        var databaseOk = false;
        var databaseReachable = false;
        try
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var where = storage.UsePostgres ? $"PostgreSQL at {storage.PostgresAddress}" : $"SQLite at {storage.SqlitePath}";
            if (await ConnectProblemAsync(db, ct) is { } problem)
            {
                Add(DoctorLevel.Error, "database", $"{where}: cannot connect — {problem}");
            }
            else
            {
                databaseReachable = true;
                var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
                var known = db.Database.GetMigrations().ToList();
                var pending = known.Except(applied).Count();
                var unknown = applied.Except(known).ToList();
                if (applied.Count == 0) Add(DoctorLevel.Error, "database", $"{where}: empty — start PayDesk once or run `paydesk db migrate`.");
                else if (unknown.Count > 0) Add(DoctorLevel.Error, "database", $"{where}: has migration {unknown[0]} this build does not know (a newer PayDesk wrote it, or a development build).");
                else if (pending > 0) Add(DoctorLevel.Error, "database", $"{where}: {pending} migration(s) not applied — they run when PayDesk starts, or run `paydesk db migrate`.");
                else
                {
                    Add(DoctorLevel.Ok, "database", $"{where}: reachable, {applied.Count} migration(s) applied, none pending.");
                    databaseOk = true;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "database", $"cannot open the database: {ex.Message}");
        }

        // PostgreSQL's connection limit against this node's pool: several nodes at Npgsql's default pool (100) exceed a default
        // server (max_connections 100), and the requests of a busy node then fail with 503 ("too many clients").
        if (storage.UsePostgres && databaseReachable)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var limits = await db.Database.SqlQueryRaw<int>(
                    "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int AS \"Value\"").SingleAsync(ct);
                var npgsql = new Npgsql.NpgsqlConnectionStringBuilder(storage.PostgresConnectionString);
                var pool = npgsql.Pooling ? npgsql.MaxPoolSize : 0;
                var several = !string.IsNullOrWhiteSpace(configuration["PAYDESK_REDIS"] is { Length: > 0 } redisSetting ? redisSetting : configuration["Redis:Connection"]);
                if (ConnectionsFinding(limits, pool, several) is { } finding) Add(finding.Level, "connections", finding.Text);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Add(DoctorLevel.Warning, "connections", $"PostgreSQL's connection limit could not be read: {ex.Message}");
            }
        }

        // Durability of acknowledged writes (SQLite's synchronous setting; PostgreSQL's is its own server's).
        if (!storage.UsePostgres)
        {
            var synchronous = storage.SqliteSynchronous.ToUpperInvariant();
            if (synchronous == "OFF")
            {
                Add(DoctorLevel.Error, "durability", "Storage__SqliteSynchronous=OFF: a power cut or an operating-system crash may lose acknowledged complaints " +
                    "and can corrupt the database (for tests only). Use FULL, the default.");
            }
            else if (synchronous == "NORMAL")
            {
                Add(DoctorLevel.Warning, "durability", "Storage__SqliteSynchronous=NORMAL: a power cut or an operating-system crash may lose the last " +
                    "acknowledged complaints. FULL, the default, loses none (group commit keeps it fast).");
            }
            else
            {
                Add(DoctorLevel.Ok, "durability", $"SQLite synchronous={synchronous}: every acknowledged write is on disk before it is answered.");
            }
        }

        // The trained models a restart loads instead of training them again while it serves.
        var modelCache = Features.Assistant.TrainedModelCache.Resolve(Features.Assistant.TrainedModelCache.FolderFor(configuration, storage.DataDir));
        const string retrains = "every start trains the assistant's models again (about 40 s of CPU while it serves)";
        if (modelCache is null) Add(DoctorLevel.Warning, "models", $"Assistant__ModelCache=off: {retrains}.");
        else if (ModelCacheProblem(modelCache) is { } cacheProblem) Add(DoctorLevel.Warning, "models", $"{modelCache}: {cacheProblem} — {retrains}.");
        else
        {
            var kept = Directory.Exists(modelCache) ? Directory.EnumerateFiles(modelCache, "*.bin").Count() : 0;
            Add(DoctorLevel.Ok, "models", $"{modelCache}: writable, {kept} trained model file(s) kept for the next start.");
        }

        // Public address: every link sent to customers starts with it.
        try
        {
            var address = services.GetRequiredService<PublicAddress>();
            if (databaseOk) await address.ReloadAsync(ct);
            var current = address.Current;
            if (current.Source == PublicAddressSource.Default) Add(DoctorLevel.Error, "public address", $"not set: customers' links would point at {current.Url}. Set PublicBaseUrl (or save it on /admin/settings).");
            else if (current.IsLoopback) Add(DoctorLevel.Error, "public address", $"{current.Url} is a loopback address customers cannot open.");
            else if (PublicAddress.IsPrivate(current.Url)) Add(DoctorLevel.Warning, "public address", $"{current.Url} is an address of your own network: customers outside it (an SMS on a mobile network) cannot open its links.");
            else if (current.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) Add(DoctorLevel.Warning, "public address", $"{current.Url} is plain http: customers' links and sign-ins travel unencrypted.");
            else Add(DoctorLevel.Ok, "public address", $"{current.Url} (from {current.Source.ToString().ToLowerInvariant()}).");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "public address", ex.Message);
        }

        // Keys: the data-protection ring (sessions, encrypted personal data) and the look-up key.
        try
        {
            if (storage.UsePostgres && !databaseReachable)
            {
                // The ring is kept in PostgreSQL: reading it would only repeat the database's error.
                Add(DoctorLevel.Warning, "keys", "not checked: they are kept in PostgreSQL, which cannot be reached (see database).");
            }
            else
            {
                var keys = services.GetRequiredService<IKeyManager>().GetAllKeys();
                var where = storage.UsePostgres ? "in PostgreSQL (shared by every node)" : $"in {Path.Combine(Path.GetFullPath(storage.DataDir), "keys")}";
                if (keys.Count == 0) Add(DoctorLevel.Warning, "keys", $"no data-protection key {where} yet; the first start creates one. Back the keys up with the database.");
                else if (keys.All(k => k.IsRevoked || k.ExpirationDate < DateTimeOffset.UtcNow)) Add(DoctorLevel.Warning, "keys", $"every key {where} is expired or revoked; a new one is made at start.");
                else Add(DoctorLevel.Ok, "keys", $"{keys.Count} data-protection key(s) {where}.");
                if (databaseOk)
                {
                    await using var scope = services.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                    var cipher = await db.Customers.AsNoTracking().Where(c => c.PhoneCipher != null).Select(c => c.PhoneCipher).FirstOrDefaultAsync(ct);
                    var decrypts = false;
                    if (cipher is not null && keys.Count == 0)
                    {
                        // Decrypting would make a new key (the ring creates one when it has none): say what is wrong instead.
                        Add(DoctorLevel.Error, "keys", $"the database holds encrypted personal data but there is no data-protection key {where}: " +
                            "put back the keys folder saved with this database.");
                    }
                    else if (cipher is not null)
                    {
                        try
                        {
                            services.GetRequiredService<PersonalDataProtector>().Unprotect(cipher);
                            Add(DoctorLevel.Ok, "keys", "stored personal data can be decrypted with these keys.");
                            decrypts = true;
                        }
                        catch (System.Security.Cryptography.CryptographicException)
                        {
                            Add(DoctorLevel.Error, "keys", "the keys cannot decrypt the personal data in the database (restored a database without its keys folder, or the wrong one?).");
                        }
                    }
                    // The look-up key finds known customers by phone: missing, a new one would be made and customers filed twice.
                    if (await Customers.LookupKeyCheck.MissingAsync(storage, db, ct) is { } missing) Add(DoctorLevel.Error, "keys", missing);
                    else if (decrypts && !await Customers.LookupKeyCheck.MatchesAsync(services.GetRequiredService<PersonalDataProtector>(), db, ct))
                    {
                        Add(DoctorLevel.Error, "keys", "the look-up key does not match the customers in the database (keys/lookup.key from another installation?): " +
                            "known customers would not be recognised. Put back the keys folder saved with this database.");
                    }
                }
            }
            if (!storage.UsePostgres && !OperatingSystem.IsWindows() && Directory.Exists(storage.DataDir)
                && (File.GetUnixFileMode(Path.GetFullPath(storage.DataDir)) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
            {
                Add(DoctorLevel.Warning, "keys", $"{Path.GetFullPath(storage.DataDir)} is readable by other accounts; PayDesk sets it to 0700 at start.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "keys", ex.Message);
        }

        // Mail relay (notices to customers).
        try
        {
            var monitor = services.GetRequiredService<IOptionsMonitor<SmtpOptions>>();
            var smtp = monitor.CurrentValue;
            if (string.IsNullOrWhiteSpace(smtp.Host)) Add(DoctorLevel.Warning, "mail", "no SMTP relay (Email:Smtp:Host): e-mail notices go to the development outbox in the data folder, not to customers.");
            else
            {
                // What /health/ready does: greeting, EHLO (and STARTTLS when offered), QUIT — any program accepting a connection is not a relay.
                var check = new SmtpRelayHealthCheck(monitor);
                var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext
                {
                    Registration = new("smtp_relay", check, Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, null),
                }, ct);
                if (result.Status == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy) Add(DoctorLevel.Ok, "mail", $"relay {smtp.Host}:{smtp.Port} answers as an SMTP relay.");
                else Add(DoctorLevel.Error, "mail", $"relay {smtp.Host}:{smtp.Port} unreachable or not an SMTP relay: {result.Description}");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "mail", ex.Message);
        }

        // Webhooks (phone system, SMS gateway, social channels) are refused without their shared secrets.
        try
        {
            var hooks = services.GetRequiredService<IOptionsMonitor<WebhookOptions>>().CurrentValue;
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(hooks.PhoneSecret)) missing.Add("PhoneSecret");
            if (string.IsNullOrWhiteSpace(hooks.SmsSecret)) missing.Add("SmsSecret");
            if (string.IsNullOrWhiteSpace(hooks.SocialSecret)) missing.Add("SocialSecret");
            var weak = new[] { hooks.PhoneSecret, hooks.SmsSecret, hooks.SocialSecret }.Count(s => s is { Length: > 0 and < 16 });
            if (missing.Count > 0) Add(DoctorLevel.Warning, "webhooks", $"no secret for {string.Join(", ", missing.Select(m => "Channels:Webhooks:" + m))}: those webhooks are refused.");
            if (weak > 0) Add(DoctorLevel.Error, "webhooks", $"{weak} webhook secret(s) shorter than 16 characters: use long random secrets.");
            if (missing.Count == 0 && weak == 0) Add(DoctorLevel.Ok, "webhooks", "phone, SMS and social webhook secrets are set.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "webhooks", ex.Message);
        }

        // LDAP, only when turned on.
        try
        {
            var ldap = services.GetRequiredService<IOptions<LdapOptions>>().Value;
            if (ldap.Enabled)
            {
                if (string.IsNullOrWhiteSpace(ldap.Host)) Add(DoctorLevel.Error, "ldap", "Ldap:Enabled but Ldap:Host is empty.");
                else if (await ReachableAsync(ldap.Host, ldap.EffectivePort, ct) is { } failure) Add(DoctorLevel.Error, "ldap", $"{ldap.Host}:{ldap.EffectivePort} unreachable: {failure}");
                else Add(DoctorLevel.Ok, "ldap", $"{ldap.Host}:{ldap.EffectivePort} answers.");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "ldap", ex.Message);
        }

        // Redis, when several nodes share chat through it.
        var redis = configuration["PAYDESK_REDIS"] is { Length: > 0 } env ? env : configuration["Redis:Connection"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var endpoint = redis.Split(',')[0].Trim();
            var colon = endpoint.LastIndexOf(':');
            var host = colon > 0 ? endpoint[..colon] : endpoint;
            var port = colon > 0 && int.TryParse(endpoint[(colon + 1)..], out var p) ? p : 6379;
            if (await ReachableAsync(host, port, ct) is { } failure) Add(DoctorLevel.Error, "redis", $"{host}:{port} unreachable: {failure}");
            else Add(DoctorLevel.Ok, "redis", $"{host}:{port} answers.");
        }
        else if (storage.UsePostgres)
        {
            Add(DoctorLevel.Warning, "redis", "PostgreSQL without Redis: fine for one node; several nodes need PAYDESK_REDIS so chat reaches every node.");
        }

        // The read replica reports and exports read (issue 21 item 4): configured only with PostgreSQL.
        if (!string.IsNullOrWhiteSpace(storage.PostgresReplicaConnectionString))
        {
            if (!storage.UsePostgres)
            {
                Add(DoctorLevel.Warning, "replica", "PAYDESK_POSTGRES_REPLICA is set but the database is SQLite: the replica is not used.");
            }
            else
            {
                var replica = await services.GetRequiredService<ReplicaMonitor>().CheckAsync(ct);
                Add(replica.InUse ? DoctorLevel.Ok : DoctorLevel.Error, "replica", replica.Description);
            }
        }

        // Retention of personal data.
        try
        {
            var retention = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
            if (retention.ClosedComplaintYears < 1) Add(DoctorLevel.Error, "retention", "Retention:ClosedComplaintYears must be at least 1.");
            else Add(retention.DailyJob ? DoctorLevel.Ok : DoctorLevel.Warning, "retention",
                $"closed complaints are anonymised after {retention.ClosedComplaintYears} year(s); " +
                (retention.DailyJob ? "the daily job is on." : "the daily job is off (Retention:DailyJob): run `paydesk retention --yes` on a schedule."));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(DoctorLevel.Error, "retention", ex.Message);
        }
        return findings;
    }

    private static async Task<string?> ReachableAsync(string host, int port, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
            return null;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"no answer within {ConnectTimeout.TotalSeconds:0} s";
        }
        catch (SocketException ex)
        {
            return ex.Message;
        }
    }

    public static async Task<int> ReportAsync(IReadOnlyList<DoctorFinding> findings, TextWriter output)
    {
        foreach (var f in findings)
        {
            var tag = f.Level switch { DoctorLevel.Ok => "ok   ", DoctorLevel.Warning => "warn ", _ => "ERROR" };
            await output.WriteLineAsync($"{tag} {f.Area}: {f.Text}");
        }
        var errors = findings.Count(f => f.Level == DoctorLevel.Error);
        var warnings = findings.Count(f => f.Level == DoctorLevel.Warning);
        await output.WriteLineAsync(errors == 0
            ? $"No errors ({warnings} warning(s))."
            : $"{errors} error(s), {warnings} warning(s): fix the errors before serving customers.");
        return errors == 0 ? 0 : 1;
    }
}
