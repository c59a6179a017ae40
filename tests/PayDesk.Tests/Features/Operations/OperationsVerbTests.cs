using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PayDesk.Features.Audit;
using PayDesk.Features.Complaints;
using PayDesk.Features.Operations;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;
using PayDesk.Tests.Infrastructure;

namespace PayDesk.Tests.Features.Operations;

/// <summary>
/// The operator's verbs run as processes (`dotnet PayDesk.dll verb`) against the data folder of a running test host:
/// help and usage, backup while the host writes and restore, doctor, retention of personal data (issue 21 §6).
/// </summary>
[LongRunning(178)]
public sealed class OperationsVerbTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly string[] Verbs = ["db", "users", "seed", "sla", "assistant", "forecast", "backup", "restore", "doctor", "retention"];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private Dictionary<string, string?> HostSettings() => PublishedPayDesk.Settings(host.Factory.DataDir);

    [Fact]
    public async Task Help_lists_every_verb_and_every_verb_answers_help_without_starting_a_server()
    {
        var settings = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-help-"));
        var root = await PublishedPayDesk.VerbAsync(settings, "--help");
        Assert.Equal(0, root.ExitCode);
        foreach (var verb in Verbs) Assert.Contains($"  {verb}", root.Output);

        var runs = await Task.WhenAll(Verbs.Select(v => PublishedPayDesk.VerbAsync(settings, v, "--help")));
        foreach (var (verb, run) in Verbs.Zip(runs))
        {
            Assert.True(run.ExitCode == 0, $"{verb} --help exited {run.ExitCode}: {run.Error}");
            Assert.Contains($"PayDesk {verb}", run.Output);
        }
    }

    [Fact]
    public async Task A_first_start_with_a_refused_admin_password_says_why_in_one_line_and_exits_2()
    {
        // A newcomer's first try: the password contains the e-mail's name ("admin"); it crashed with a stack trace.
        var settings = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-badpw-"));
        settings["PAYDESK_ADMIN_PASSWORD"] = "Walk-Admin-Passw0rd!";
        settings["Urls"] = $"http://127.0.0.1:{PublishedPayDesk.FreePort()}";
        var run = await RefusedStartAsync(settings, "PAYDESK_ADMIN_PASSWORD is refused");
        Assert.DoesNotContain("Walk-Admin-Passw0rd!", run.Output + run.Error);
    }

    [Fact]
    public async Task A_start_on_an_address_already_in_use_says_so_in_one_line_and_exits_2()
    {
        // Starting PayDesk a second time (or beside another program on 5080) aborted with a stack trace.
        var port = PublishedPayDesk.FreePort();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        taken.Start();
        var settings = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-inuse-"));
        settings["Urls"] = $"http://127.0.0.1:{port}";
        var said = (await RefusedStartAsync(settings, $"Failed to bind to address http://127.0.0.1:{port}")).Error.Trim();
        Assert.Contains("address already in use", said);
        Assert.Single(said.Split('\n'));
    }

    [Fact]
    public async Task A_start_with_a_public_address_without_its_scheme_says_so_in_one_line_and_exits_2()
    {
        // The operator wrote the host name alone; the server aborted with an OptionsValidationException's stack trace.
        var settings = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-badurl-"));
        settings["PublicBaseUrl"] = "kefu.example.cn";
        settings["Urls"] = $"http://127.0.0.1:{PublishedPayDesk.FreePort()}";
        var said = (await RefusedStartAsync(settings, "PublicBaseUrl must be an absolute http(s) URL")).Error.Trim();
        Assert.Single(said.Split('\n'));

        // A setting validated as the host starts: the same.
        settings["PublicBaseUrl"] = "https://kefu.example.cn";
        settings["Channels__Sms__Gateway__Url"] = "sms-gateway.internal/send";
        await RefusedStartAsync(settings, "Channels:Sms:Gateway:Url must be an absolute URL.");

        // Two at once: both named on the one line (the host's check threw an AggregateException, which ended in a stack trace).
        settings["Channels__Social__ReplyUrl"] = "social-gateway.internal/reply";
        said = (await RefusedStartAsync(settings, "")).Error.Trim();
        Assert.Single(said.Split('\n'));
        Assert.Contains("Channels:Sms:Gateway:Url must be an absolute URL.", said);
        Assert.Contains("Channels:Social:ReplyUrl must be an absolute URL.", said);
    }

    /// <summary>A server start refused as a first start should be: exit 2, one "PayDesk cannot start: …" line first, no stack trace.</summary>
    private static async Task<PublishedPayDesk.Run> RefusedStartAsync(Dictionary<string, string?> settings, string why)
    {
        var run = await PublishedPayDesk.VerbAsync(settings);
        Assert.True(run.ExitCode == 2, run.Output + run.Error);
        Assert.StartsWith("PayDesk cannot start: " + why, run.Error.Trim());
        Assert.DoesNotContain("   at ", run.Error);
        return run;
    }

    [Fact]
    public async Task An_unknown_verb_prints_usage_to_stderr_and_exits_non_zero()
    {
        var run = await PublishedPayDesk.VerbAsync(PublishedPayDesk.Settings(Path.GetTempPath()), "bakup", "--help");
        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Output.Trim());
        Assert.Contains("unknown verb 'bakup'", run.Error);
        Assert.Contains("backup <file>", run.Error);
    }

    [Fact]
    public async Task A_backup_taken_while_the_host_writes_complaints_restores_and_opens_with_every_complaint_acknowledged_before_it()
    {
        var admin = await host.Factory.AdminClientAsync();
        var acknowledged = new List<Guid>();
        using var stop = new CancellationTokenSource();
        async Task WriteAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
                {
                    channel = "phone", customer = new { name = "备份测试", phone = TestData.NewPhone() }, subject = "备份期间的投诉",
                    description = "备份进行时写入", category = "funds", amount = new { value = 10.00m, currency = "CNY" },
                }, CancellationToken.None);
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                var ticket = (await response.Content.ReadFromJsonAsync<TicketDto>(CancellationToken.None))!;
                lock (acknowledged) acknowledged.Add(ticket.Id);
            }
        }
        var writer = Task.Run(WriteAsync, Ct);
        while (true)
        {
            lock (acknowledged) if (acknowledged.Count >= 5) break;
            await Task.Delay(20, Ct);
        }
        List<Guid> before;
        lock (acknowledged) before = [.. acknowledged];
        var file = Path.Combine(PublishedPayDesk.Scratch("paydesk-backup-"), "paydesk-backup.db");
        var backup = await PublishedPayDesk.VerbAsync(HostSettings(), "backup", file);
        int during;
        lock (acknowledged) during = acknowledged.Count - before.Count;
        await stop.CancelAsync();
        await writer;
        Assert.True(backup.ExitCode == 0, backup.Output + backup.Error);
        Assert.Contains("Backed up", backup.Output);
        Assert.True(during > 0, "the host wrote nothing while the backup ran");

        // Restore into a new data folder with the key ring beside it, as docs/operations.md says, and open it.
        var restored = PublishedPayDesk.Scratch("paydesk-restored-");
        TestFolders.Copy(Path.Combine(host.Factory.DataDir, "keys"), Path.Combine(restored, "keys"));
        var restore = await PublishedPayDesk.VerbAsync(PublishedPayDesk.Settings(restored), "restore", file);
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
        await using var reopened = new PayDeskFactory(Provider.Sqlite, settings: new Dictionary<string, string?> { ["PAYDESK_DATA_DIR"] = restored });
        reopened.StartServer();
        var client = await reopened.AdminClientAsync();
        foreach (var id in before)
        {
            var ticket = await client.GetFromJsonAsync<TicketDto>($"/api/v1/tickets/{id}", Ct);
            Assert.Equal("备份期间的投诉", ticket!.Subject);
            Assert.NotNull(ticket.Customer.Phone);
        }
    }

    [Fact]
    public async Task Restore_checks_the_file_is_a_paydesk_database_and_refuses_while_a_server_uses_the_database()
    {
        var folder = PublishedPayDesk.Scratch("paydesk-restore-");
        var text = Path.Combine(folder, "notes.db");
        await File.WriteAllTextAsync(text, "not a database", Ct);
        var otherSqlite = Path.Combine(folder, "other.db");
        await using (var connection = new SqliteConnection($"Data Source={otherSqlite};Pooling=false"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE things (id INTEGER PRIMARY KEY)";
            await command.ExecuteNonQueryAsync(Ct);
        }
        var target = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-restore-target-"));
        foreach (var bad in new[] { text, otherSqlite })
        {
            var run = await PublishedPayDesk.VerbAsync(target, "restore", bad, "--force");
            Assert.Equal(1, run.ExitCode);
            Assert.Contains("is not a PayDesk database", run.Error);
        }

        var backup = Path.Combine(folder, "good.db");
        Assert.Equal(0, (await PublishedPayDesk.VerbAsync(HostSettings(), "backup", backup)).ExitCode);
        var inUse = await PublishedPayDesk.VerbAsync(HostSettings(), "restore", backup, "--force");
        Assert.Equal(3, inUse.ExitCode);
        Assert.Contains("a PayDesk server is using", inUse.Error);
        // The running host's database is untouched.
        Assert.Empty(Directory.GetFiles(host.Factory.DataDir, "paydesk.db.before-restore-*"));
    }

    [Fact]
    public async Task Doctor_names_what_is_wrong_and_exits_1_then_0_once_the_settings_are_right()
    {
        await using var relay = new SmtpTestRelay();
        var relayPort = relay.Port;
        // Something that accepts connections but is no mail relay (PayDesk's own HTTP port, say) passed as "answers".
        using var notSmtp = new TcpListener(IPAddress.Loopback, 0);
        notSmtp.Start();
        var notSmtpPort = ((IPEndPoint)notSmtp.LocalEndpoint).Port;

        var wrong = HostSettings();
        wrong["Email__Smtp__Host"] = "127.0.0.1";
        wrong["Email__Smtp__Port"] = notSmtpPort.ToString();
        wrong["Channels__Webhooks__PhoneSecret"] = "short";
        wrong["Storage__SqliteSynchronous"] = "NORMAL";
        var notAFolder = Path.Combine(PublishedPayDesk.Scratch("paydesk-doctor-models-"), "models");
        File.WriteAllText(notAFolder, "a file where the model cache should be");
        wrong["Assistant__ModelCache"] = notAFolder;
        var bad = await PublishedPayDesk.VerbAsync(wrong, "doctor");
        Assert.True(bad.ExitCode == 1, bad.Output + bad.Error);
        Assert.Contains("ERROR public address: not set", bad.Output);
        Assert.Contains($"ERROR mail: relay 127.0.0.1:{notSmtpPort} unreachable or not an SMTP relay", bad.Output);
        Assert.Contains("ERROR webhooks: 1 webhook secret(s) shorter than 16 characters", bad.Output);
        Assert.Contains("ok    database:", bad.Output);
        Assert.Contains("warn  durability: Storage__SqliteSynchronous=NORMAL: a power cut", bad.Output);
        Assert.Contains($"warn  models: {notAFolder}: is a file, not a folder — every start trains", bad.Output);

        var right = HostSettings();
        right["PublicBaseUrl"] = "https://kefu.example.cn";
        right["Email__Smtp__Host"] = "127.0.0.1";
        right["Email__Smtp__Port"] = relayPort.ToString();
        right["Channels__Webhooks__PhoneSecret"] = "phone-" + Guid.NewGuid().ToString("N");
        right["Channels__Webhooks__SmsSecret"] = "sms-" + Guid.NewGuid().ToString("N");
        right["Channels__Webhooks__SocialSecret"] = "social-" + Guid.NewGuid().ToString("N");
        var good = await PublishedPayDesk.VerbAsync(right, "doctor");
        Assert.True(good.ExitCode == 0, good.Output + good.Error);
        Assert.Contains("ok    public address: https://kefu.example.cn", good.Output);
        Assert.Contains($"ok    mail: relay 127.0.0.1:{relayPort} answers as an SMTP relay.", good.Output);
        Assert.Contains("ok    durability: SQLite synchronous=FULL", good.Output);
        Assert.Contains("ok    models: ", good.Output);
        Assert.Contains("No errors", good.Output);
    }

    [Fact]
    public async Task Doctor_says_why_PostgreSQL_cannot_be_reached_and_never_prints_its_password()
    {
        // A walk's finding: "PostgreSQL: cannot connect." left the operator guessing between a wrong port, a stopped server and a password.
        var port = PublishedPayDesk.FreePort();
        var settings = PublishedPayDesk.Settings(PublishedPayDesk.Scratch("paydesk-pgdoctor-"));
        settings["PAYDESK_POSTGRES"] = $"Host=127.0.0.1;Port={port};Database=paydesk_prod;Username=paydesk;Password=Secret-{port}-pw;Timeout=3";
        var doctor = await PublishedPayDesk.VerbAsync(settings, "doctor");
        Assert.True(doctor.ExitCode == 1, doctor.Output + doctor.Error);
        Assert.Contains($"ERROR database: PostgreSQL at 127.0.0.1:{port}/paydesk_prod: cannot connect — ", doctor.Output);
        Assert.Contains($"Failed to connect to 127.0.0.1:{port}", doctor.Output);
        Assert.Contains("refused", doctor.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("transient failure", doctor.Output);
        Assert.Contains("warn  keys: not checked: they are kept in PostgreSQL", doctor.Output);
        Assert.DoesNotContain($"Secret-{port}-pw", doctor.Output + doctor.Error);
        Assert.DoesNotContain("   at ", doctor.Error);
    }

    [Fact]
    public async Task Retention_anonymises_an_old_closed_complaint_keeps_its_facts_leaves_a_recent_one_and_a_dry_run_changes_nothing()
    {
        var admin = await host.Factory.AdminClientAsync();
        var oldPhone = TestData.NewPhone();
        var masked = oldPhone[..3] + "****" + oldPhone[^4..];
        var old = await ComplaintAsync(admin, "欧阳娜娜", oldPhone);
        var message = await admin.PostAsJsonAsync($"/api/v1/tickets/{old}/messages",
            new { body = $"欧阳娜娜来电补充：联系电话{oldPhone}，邮箱nana.ouyang@example.cn", visibility = "internal" }, Ct);
        Assert.True(message.IsSuccessStatusCode, await message.Content.ReadAsStringAsync(Ct));
        var recentPhone = TestData.NewPhone();
        var recent = await ComplaintAsync(admin, "韩梅梅", recentPhone);

        string attachmentPath;
        var now = DateTime.UtcNow;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var store = scope.ServiceProvider.GetRequiredService<PayDesk.Features.Channels.AttachmentStore>();
            var attachment = await store.SaveAsync("身份证正面.png", "image/png", [0x89, 0x50, 0x4E, 0x47, 1, 2, 3], Ct);
            attachment.TicketId = old;
            db.Attachments.Add(attachment);
            await db.SaveChangesAsync(Ct);
            attachmentPath = Path.Combine(host.Factory.DataDir, attachment.StoragePath);
            // Free text about the complaint beyond its messages, as staff and the customer write it.
            var customerId = await db.Tickets.Where(t => t.Id == old).Select(t => t.CustomerId).SingleAsync(Ct);
            db.TicketEvents.Add(new TicketEvent { TicketId = old, At = now, ActorName = "坐席", Kind = TicketEventKind.Transition, Reason = $"欧阳娜娜来电 {oldPhone} 要求加急" });
            db.Callbacks.Add(new Callback { TicketId = old, DueAt = now, CreatedAt = now, Note = $"回电欧阳娜娜 {oldPhone}", OutcomeNote = "欧阳娜娜确认已到账" });
            db.Surveys.Add(new PayDesk.Features.Surveys.Survey { CustomerId = customerId, TicketId = old, SentAt = now, ExpiresAt = now, Comment = $"我是欧阳娜娜，电话{oldPhone}" });
            db.AuditEntries.Add(PayDesk.Features.Audit.AuditEntry.Of(PayDesk.Infrastructure.Security.Actor.System, nameof(PayDesk.Features.Customers.Customer), customerId,
                PayDesk.Features.Audit.AuditActions.Revealed, new System.Text.Json.Nodes.JsonObject { ["field"] = "phone", ["reason"] = "欧阳娜娜本人来电核对" }, now));
            var call = new PayDesk.Features.Channels.Phone.CallRecord { CallId = "ret-" + oldPhone, TicketId = old, CustomerId = customerId, CallerMasked = masked, CallerHash = "hash-" + oldPhone, RecordingUrl = "https://pbx.example.cn/rec/" + oldPhone };
            db.Calls.Add(call);
            db.QuarantinedMessages.Add(new PayDesk.Features.Channels.QuarantinedMessage { Channel = TicketChannel.Email, Reason = "spam", TicketId = old, Status = PayDesk.Features.Channels.QuarantineStatus.Released,
                Subject = "欧阳娜娜的投诉", SenderMasked = "n***@example.cn", Raw = System.Text.Encoding.UTF8.GetBytes($"From: nana.ouyang@example.cn\r\n\r\n欧阳娜娜 {oldPhone}"), ReceivedAt = now });
            await db.SaveChangesAsync(Ct);
            await Close(db, old, now.AddYears(-6));
            await Close(db, recent, now.AddYears(-1));
        }
        Assert.True(File.Exists(attachmentPath));
        var settings = HostSettings();
        settings["Retention__ClosedComplaintYears"] = "5";

        var dry = await PublishedPayDesk.VerbAsync(settings, "retention", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("Dry run: would anonymise 1 complaint(s)", dry.Output);
        Assert.Contains("1 attachment(s), 1 customer record(s)", dry.Output);
        Assert.Contains("欧阳娜娜", await TextOfAsync(old));
        Assert.True(File.Exists(attachmentPath));

        // Irreversible: without --yes (and no one at a terminal to type it) nothing happens.
        var unconfirmed = await PublishedPayDesk.VerbAsync(settings, "retention");
        Assert.Equal(2, unconfirmed.ExitCode);
        Assert.Contains("This would anonymise 1 complaint(s)", unconfirmed.Output);
        Assert.Contains("run again with --yes", unconfirmed.Error);
        Assert.Contains("欧阳娜娜", await TextOfAsync(old));

        var run = await PublishedPayDesk.VerbAsync(settings, "retention", "--yes");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("Anonymised 1 complaint(s)", run.Output);

        var text = await TextOfAsync(old);
        foreach (var personal in new[] { "欧阳娜娜", oldPhone, masked, "nana.ouyang", "6222" }) Assert.DoesNotContain(personal, text);
        Assert.Contains(Retention.CustomerPlaceholder, text);
        Assert.False(File.Exists(attachmentPath), "the attachment is still on disk");
        Assert.Contains("韩梅梅", await TextOfAsync(recent));

        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var ticket = await db.Tickets.AsNoTracking().Include(t => t.Customer).SingleAsync(t => t.Id == old, Ct);
            Assert.Equal((TicketCategory.Funds, 199.00m, TicketStatus.Closed, RootCause.BankDelay), (ticket.Category, ticket.Amount!.Value, ticket.Status, ticket.RootCause!.Value));
            Assert.Equal(now.AddYears(-6), ticket.ClosedAt!.Value, TimeSpan.FromSeconds(1));
            Assert.Equal(Retention.Placeholder, ticket.Customer!.Name);
            Assert.Null(ticket.Customer.PhoneCipher);
            Assert.Null(ticket.Customer.PhoneMasked);
            Assert.False(await db.Attachments.AnyAsync(a => a.TicketId == old, Ct));
            Assert.False(await db.Set<PersonalTextOriginal>().AnyAsync(o => o.OwnerKey == old.ToString(), Ct));
            var audit = await db.AuditEntries.AsNoTracking().Where(a => a.EntityId == old || a.EntityId == ticket.CustomerId).ToListAsync(Ct);
            Assert.Contains(audit, a => a.EntityType == nameof(Ticket) && a.Action == Retention.Action && a.ActorName == "system");
            foreach (var entry in audit)
            {
                Assert.DoesNotContain("欧阳娜娜", entry.Changes);
                Assert.DoesNotContain(masked, entry.Changes);
            }
            // Why the number was revealed stays (a data-access audit needs it); who it was about does not.
            Assert.Contains(audit, a => a.Action == AuditActions.Revealed && a.Changes.Contains("本人来电核对"));
            // ...and none of the free text around it.
            var around = string.Join("\n", (await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == old).Select(e => e.Reason).ToListAsync(Ct))
                .Concat((await db.Callbacks.AsNoTracking().Where(c => c.TicketId == old).ToListAsync(Ct)).SelectMany(c => new[] { c.Note, c.OutcomeNote }))
                .Concat(await db.Surveys.AsNoTracking().Where(v => v.TicketId == old).Select(v => v.Comment).ToListAsync(Ct))
                .Concat((await db.Calls.AsNoTracking().Where(c => c.TicketId == old).ToListAsync(Ct)).SelectMany(c => new[] { c.CallerMasked, c.CallerHash, c.RecordingUrl }))
                .Concat((await db.QuarantinedMessages.AsNoTracking().Where(q => q.TicketId == old).ToListAsync(Ct)).SelectMany(q => new[] { q.Subject, q.SenderMasked, System.Text.Encoding.UTF8.GetString(q.Raw) })));
            Assert.Contains("要求加急", around);
            foreach (var personal in new[] { "欧阳娜娜", oldPhone, masked, "nana.ouyang", "n***@" }) Assert.DoesNotContain(personal, around);
            var recentTicket = await db.Tickets.AsNoTracking().Include(t => t.Customer).SingleAsync(t => t.Id == recent, Ct);
            Assert.Equal("韩梅梅", recentTicket.Customer!.Name);
            Assert.NotNull(recentTicket.Customer.PhoneCipher);
        }

        var again = await PublishedPayDesk.VerbAsync(settings, "retention", "--dry-run");
        Assert.Contains("would anonymise 0 complaint(s)", again.Output);
    }

    [Fact]
    public async Task Backup_refuses_the_data_folder_and_a_missing_database_and_the_reading_verbs_create_nothing()
    {
        // Written over the live database with --force, a backup corrupted it under the running server.
        var live = Path.Combine(host.Factory.DataDir, "paydesk.db");
        var before = new FileInfo(live).Length;
        var over = await PublishedPayDesk.VerbAsync(HostSettings(), "backup", live, "--force");
        Assert.Equal(2, over.ExitCode);
        Assert.Contains("is inside the data folder", over.Error);
        Assert.True(new FileInfo(live).Length >= before);
        var admin = await host.Factory.AdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/tickets?pageSize=1", Ct)).StatusCode);

        // A cron run without the service's environment (or a mistyped PAYDESK_DATA_DIR) overwrote the last good backup
        // with an empty database it had just created.
        var folder = PublishedPayDesk.Scratch("paydesk-nodb-");
        var good = Path.Combine(folder, "nightly.db");
        Assert.Equal(0, (await PublishedPayDesk.VerbAsync(HostSettings(), "backup", good)).ExitCode);
        var goodLength = new FileInfo(good).Length;
        var wrongDir = Path.Combine(folder, "no-such-data");
        var wrong = PublishedPayDesk.Settings(wrongDir);
        var runs = new[]
        {
            await PublishedPayDesk.VerbAsync(wrong, "backup", good, "--force"),
            await PublishedPayDesk.VerbAsync(wrong, "retention", "--dry-run"),
            await PublishedPayDesk.VerbAsync(wrong, "doctor"),
        };
        foreach (var run in runs)
        {
            Assert.True(run.ExitCode == 1, run.Output + run.Error);
            Assert.Contains($"no PayDesk database at {Path.Combine(wrongDir, "paydesk.db")}", run.Output + run.Error);
            Assert.DoesNotContain("   at ", run.Error);
        }
        Assert.False(Directory.Exists(wrongDir), "a reading verb created the data folder");
        Assert.Equal(goodLength, new FileInfo(good).Length);

        var missingFolder = await PublishedPayDesk.VerbAsync(HostSettings(), "backup", Path.Combine(folder, "typo", "nightly.db"));
        Assert.Equal(2, missingFolder.ExitCode);
        Assert.Contains("does not exist", missingFolder.Error);
        var intoFolder = await PublishedPayDesk.VerbAsync(HostSettings(), "backup", folder);
        Assert.Equal(2, intoFolder.ExitCode);
        Assert.Contains("is a folder", intoFolder.Error);
    }

    [Fact]
    public async Task Restore_refuses_the_database_it_would_replace_as_its_source()
    {
        // It moved the database aside, then failed to find it: the folder was left without one.
        var target = PublishedPayDesk.Scratch("paydesk-self-");
        var settings = PublishedPayDesk.Settings(target);
        Assert.Equal(0, (await PublishedPayDesk.VerbAsync(settings, "db", "migrate")).ExitCode);
        var database = Path.Combine(target, "paydesk.db");
        var run = await PublishedPayDesk.VerbAsync(settings, "restore", database, "--force");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is the database the restore would replace", run.Error);
        Assert.True(File.Exists(database));
        Assert.Empty(Directory.GetFiles(target, "paydesk.db.before-restore-*"));
    }

    [Fact]
    public async Task A_database_from_a_newer_paydesk_is_refused_in_one_line_that_does_not_advise_deleting_it()
    {
        var folder = PublishedPayDesk.Scratch("paydesk-newer-");
        var settings = PublishedPayDesk.Settings(folder);
        Assert.Equal(0, (await PublishedPayDesk.VerbAsync(settings, "db", "migrate")).ExitCode);
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "paydesk.db")};Pooling=false"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO __ef_migrations_history VALUES ('20990101000000_FromTheFuture', '10.0.0')";
            await command.ExecuteNonQueryAsync(Ct);
        }
        var run = await PublishedPayDesk.VerbAsync(settings, "db", "migrate");
        Assert.Equal(2, run.ExitCode);
        var said = run.Error.Trim();
        Assert.StartsWith("error: the database has migration 20990101000000_FromTheFuture", said);
        Assert.Contains("a newer PayDesk wrote it", said);
        Assert.DoesNotContain("delete the data folder", said);
        Assert.DoesNotContain("   at ", said);
    }

    [Fact]
    public async Task Preparing_the_server_takes_the_data_folder_lock_before_it_opens_the_database()
    {
        // Restore found no lock while a starting server migrated and seeded (minutes on an upgrade), and a complaint
        // acknowledged afterwards was lost with the database moved from under it.
        var folder = PublishedPayDesk.Scratch("paydesk-lock-");
        // In this process, the way the verbs build their host (SQLite whatever the test run's environment says).
        var settings = PublishedPayDesk.Settings(folder);
        settings["PAYDESK_POSTGRES"] = "";
        settings["ConnectionStrings:Postgres"] = "";
        var held = await PayDesk.Infrastructure.Cli.PayDeskCli.WithHostAsync(settings, async services =>
        {
            var storage = services.GetRequiredService<StorageOptions>();
            Assert.False(ServerLock.IsHeld(storage));
            await PayDesk.Infrastructure.PayDeskHost.PrepareAsync(services, TextWriter.Null, Ct);
            // The host was built but never started: only preparing it can have taken the lock.
            return ServerLock.IsHeld(storage) ? 1 : 0;
        });
        Assert.Equal(1, held);
    }

    [Fact]
    public async Task A_database_restored_without_its_look_up_key_is_refused_at_start_and_by_doctor()
    {
        // Started with a new look-up key, the server filed a known customer's next complaint as a new customer.
        await ComplaintAsync(await host.Factory.AdminClientAsync(), "诸葛亮", TestData.NewPhone());
        var folder = PublishedPayDesk.Scratch("paydesk-nokeys-");
        var backup = Path.Combine(folder, "paydesk.db");
        Assert.Equal(0, (await PublishedPayDesk.VerbAsync(HostSettings(), "backup", backup)).ExitCode);
        var restored = Path.Combine(folder, "data");
        var settings = PublishedPayDesk.Settings(restored);
        var restore = await PublishedPayDesk.VerbAsync(settings, "restore", backup);
        Assert.True(restore.ExitCode == 0, restore.Output + restore.Error);
        Assert.Contains("keys is missing or empty", restore.Error);
        // Only the data-protection ring put back, as an operator might: the data decrypts, the look-up key is gone.
        TestFolders.Copy(Path.Combine(host.Factory.DataDir, "keys", "data-protection"), Path.Combine(restored, "keys", "data-protection"));

        var doctor = await PublishedPayDesk.VerbAsync(settings, "doctor");
        Assert.True(doctor.ExitCode == 1, doctor.Output + doctor.Error);
        Assert.True(doctor.Output.Contains("ok    keys: stored personal data can be decrypted", StringComparison.Ordinal)
            && doctor.Output.Contains($"ERROR keys: {Path.Combine(restored, "keys", "lookup.key")} is missing", StringComparison.Ordinal), doctor.Output);

        settings["Urls"] = $"http://127.0.0.1:{PublishedPayDesk.FreePort()}";
        await RefusedStartAsync(settings, $"{Path.Combine(restored, "keys", "lookup.key")} is missing, but");
        Assert.False(File.Exists(Path.Combine(restored, "keys", "lookup.key")), "a new look-up key was made");
    }

    [Fact]
    public async Task Retention_counts_each_customer_once_and_a_dry_run_counts_everything_due_not_one_batch()
    {
        var admin = await host.Factory.AdminClientAsync();
        var phone = TestData.NewPhone();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++) ids.Add(await ComplaintAsync(admin, "司马相如", phone));
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            Assert.Single(await db.Tickets.Where(t => ids.Contains(t.Id)).Select(t => t.CustomerId).Distinct().ToListAsync(Ct));
            foreach (var id in ids) await Close(db, id, DateTime.UtcNow.AddYears(-7));
        }
        var settings = HostSettings();
        settings["Retention__ClosedComplaintYears"] = "5";
        settings["Retention__BatchSize"] = "1";

        var dry = await PublishedPayDesk.VerbAsync(settings, "retention", "--dry-run");
        Assert.True(dry.ExitCode == 0, dry.Output + dry.Error);
        Assert.Contains("Dry run: would anonymise 3 complaint(s)", dry.Output);
        Assert.Contains("1 customer record(s)", dry.Output);

        var run = await PublishedPayDesk.VerbAsync(settings, "retention", "--yes");
        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("Anonymised 3 complaint(s)", run.Output);
        Assert.Contains("1 customer record(s)", run.Output);
        Assert.Contains("would anonymise 0 complaint(s)", (await PublishedPayDesk.VerbAsync(settings, "retention", "--dry-run")).Output);
    }

    private async Task<Guid> ComplaintAsync(HttpClient admin, string name, string phone)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/tickets", new
        {
            channel = "phone", customer = new { name, phone }, subject = $"{name}投诉重复扣款",
            description = $"我是{name}，手机{phone}，卡号6222021234567890123被扣了两次。", category = "funds",
            amount = new { value = 199.00m, currency = "CNY" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<TicketDto>(Ct))!.Id;
    }

    private static Task Close(AppDbContext db, Guid id, DateTime closedAt) =>
        db.Tickets.Where(t => t.Id == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TicketStatus.Closed)
            .SetProperty(t => t.ClosedAt, closedAt).SetProperty(t => t.RootCause, RootCause.BankDelay));

    /// <summary>Everything written on the complaint: subject, description, summary and every message with its author.</summary>
    private async Task<string> TextOfAsync(Guid id)
    {
        await using var scope = host.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ticket = await db.Tickets.AsNoTracking().Include(t => t.Messages).SingleAsync(t => t.Id == id, Ct);
        return string.Join("\n", new[] { ticket.Subject, ticket.Description, ticket.Summary ?? "" }
            .Concat(ticket.Messages.SelectMany(m => new[] { m.AuthorName, m.Body })));
    }
}
