using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PayDesk.Features.Customers;
using PayDesk.Features.Identity;
using PayDesk.Features.Payments;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Demo;

/// <summary>
/// A living system on first start: Chinese customers with bound cards, staff of every role and
/// complaints across every channel and category, at every stage.
/// </summary>
internal static class DemoData
{
    private const string Marker = "demo:seeded";
    public const int CustomerCount = 40;
    public const int TicketCount = 160;

    public static async Task SeedOnFirstStartAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        if (!options.Demo) return;
        await SeedAsync(services, console, ct);
    }

    /// <summary>Adds the demo data once; returns false when it is already there.</summary>
    public static async Task<bool> SeedAsync(IServiceProvider services, TextWriter console, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        if (await db.Counters.AnyAsync(c => c.Name == Marker, ct)) return false;

        var options = sp.GetRequiredService<IOptions<BootstrapOptions>>().Value;
        var clock = sp.GetRequiredService<TimeProvider>();
        var accounts = sp.GetRequiredService<UserAccounts>();
        var directory = sp.GetRequiredService<CustomerDirectory>();
        var sla = sp.GetRequiredService<Sla.SlaClocks>();
        var generated = string.IsNullOrEmpty(options.DemoPassword);
        var password = generated ? UserAccounts.GeneratePassword() : options.DemoPassword!;

        var faker = new Faker("zh_CN") { Random = new Randomizer(20261125) };
        var now = clock.GetUtcNow().UtcDateTime;

        var staff = new List<AppUser>();
        foreach (var (email, displayName, role) in new[]
                 {
                     ("agent@paydesk.local", "王芳", Roles.Agent),
                     ("agent2@paydesk.local", "李强", Roles.Agent),
                     ("agent3@paydesk.local", "陈静", Roles.Agent),
                     ("expert@paydesk.local", "赵磊", Roles.Expert),
                     ("supervisor@paydesk.local", "刘洋", Roles.Supervisor),
                 })
        {
            var (user, errors) = await accounts.CreateAsync(email, displayName, role, password);
            if (user is null) throw new InvalidOperationException($"Demo user {email}: {string.Join(" ", errors)}");
            staff.Add(user);
            if (role is Roles.Agent or Roles.Expert)
            {
                // The agents work the front desk in Chinese (two also in English); the expert is back office.
                db.AgentProfiles.Add(new Routing.AgentProfile
                {
                    UserId = user.Id,
                    Team = role == Roles.Expert ? Complaints.Teams.BackOffice : Complaints.Teams.FrontDesk,
                    Skills = Routing.AgentProfile.AllCategorySkills(role == Roles.Expert ? 4 : 2, merchant: role == Roles.Expert || staff.Count == 2,
                        staff.Count % 2 == 0 ? ["zh", "en"] : ["zh"]),
                    Presence = Routing.Presence.Online,
                    PresenceSince = now,
                    LastAssignedAt = now,
                });
            }
        }

        var customers = new List<Customer>();
        for (var i = 0; i < CustomerCount; i++)
        {
            var phone = "1" + faker.PickRandom("3", "5", "7", "8", "9") + faker.Random.ReplaceNumbers("#########");
            var customer = directory.Add(faker.Name.LastName() + faker.Name.FirstName(), phone, IdNumber(faker),
                i < 3 ? $"customer{(i == 0 ? "" : (i + 1).ToString())}@paydesk.local" : $"user{i:D3}@example.cn",
                i % 8 == 7 ? CustomerKind.Merchant : CustomerKind.Consumer);
            customer.CreatedAt = customer.UpdatedAt = now.AddDays(-faker.Random.Int(40, 400));
            customer.AccountId = "62" + faker.Random.ReplaceNumbers("##############");
            db.LedgerAccounts.Add(new LedgerAccount { AccountId = customer.AccountId });
            for (var t = 0; t < 5; t++)
            {
                db.LedgerTransactions.Add(new LedgerTransaction
                {
                    Serial = $"T{faker.Random.ReplaceNumbers("################")}",
                    AccountId = customer.AccountId,
                    Merchant = faker.PickRandom(DemoContent.Merchants),
                    Amount = Math.Round(faker.Random.Decimal(5m, 800m), 2),
                    Currency = "CNY",
                    Status = PaymentStatus.Succeeded,
                    OccurredAt = now.AddMinutes(-faker.Random.Int(60, 60 * 24 * 30)),
                });
            }
            for (var c = 0; c < faker.Random.Int(1, 2); c++)
            {
                directory.BindCard(customer, CardNumber(faker), faker.PickRandom(DemoContent.Banks));
            }
            customers.Add(customer);
        }
        await db.SaveChangesAsync(ct);

        for (var i = 0; i < 3; i++)
        {
            var (user, errors) = await accounts.CreateAsync(customers[i].Email!, customers[i].Name, Roles.Customer, password, customers[i].Id);
            if (user is null) throw new InvalidOperationException($"Demo customer login: {string.Join(" ", errors)}");
        }

        var channels = Enum.GetValues<TicketChannel>();
        var categories = Enum.GetValues<TicketCategory>();
        var calendars = sp.GetRequiredService<Sla.CalendarRegistry>();
        var policy = sp.GetRequiredService<Sla.SlaPolicyStore>().Current;
        var office = calendars.Get(Sla.DefaultCalendars.Standard);
        var owners = staff.Take(4).ToList();

        // The month is planned first, then written in the order it happened, so complaint numbers follow arrival.
        var plans = new List<DemoTicketPlan>();
        for (var i = 0; i < TicketCount; i++)
        {
            // Every channel and category appears; the three demo logins get a few each.
            var category = categories[i % categories.Length];
            var channel = channels[(i / categories.Length + i) % channels.Length];
            var customer = i < 9 ? customers[i % 3] : faker.PickRandom(customers);
            var template = faker.PickRandom(DemoContent.ByCategory[category]);
            var amount = template.HasAmount ? Math.Round(faker.Random.Decimal(9.9m, 5000m), 2) : (decimal?)null;
            var merchant = faker.PickRandom(DemoContent.Merchants);
            var stage = DemoTicketPlan.StageOf(i);
            DateTime created;
            switch (stage)
            {
                case DemoStage.Waiting:
                    // Arrived minutes ago in channels where a complaint waits for an agent (not a call in progress).
                    channel = faker.PickRandom(TicketChannel.App, TicketChannel.Web, TicketChannel.Email, TicketChannel.Sms);
                    created = now.AddMinutes(-faker.Random.Int(2, 18));
                    break;
                case DemoStage.Open when DemoTicketPlan.OpenIndex(i) < DemoTicketPlan.LateOpen:
                    // Two complaints still waiting for a bank are past their two-working-day resolution target.
                    created = DemoTicketPlan.WorkingDaysBefore(office, now, 3 + DemoTicketPlan.OpenIndex(i), faker);
                    break;
                case DemoStage.Open when category == TicketCategory.AccountSecurity:
                    // A stolen account is resolved within four hours: the open ones arrived this morning.
                    created = now.AddMinutes(-faker.Random.Int(25, 150));
                    break;
                case DemoStage.Open:
                    created = DemoTicketPlan.DuringOpeningHours(faker, now, office.Zone, faker.Random.WeightedRandom([0, 1, 2], [0.5f, 0.35f, 0.15f]));
                    break;
                default:
                    // Two old complaints missed the regulator's deadline: they are at least a month back. A complaint
                    // resolved late took more than two working days, so it cannot have arrived in the last three.
                    var daysAgo = DemoTicketPlan.RegulatoryLate(i) ? faker.Random.Int(25, 29) : faker.Random.Int(1, 29);
                    if (DemoTicketPlan.ResolutionLate(i) && daysAgo < 5) daysAgo = faker.Random.Int(5, 29);
                    // This week has its late ones too, or the supervisor's weekly resolution rate would read 100 %.
                    created = DemoTicketPlan.LateThisWeek(i) is { } workingDays
                        ? DemoTicketPlan.WorkingDaysBefore(office, now, workingDays, faker)
                        : DemoTicketPlan.DuringOpeningHours(faker, now, office.Zone, daysAgo);
                    break;
            }
            plans.Add(new DemoTicketPlan(i, stage, category, channel, customer, template, amount, merchant, created));
        }

        var seeded = new List<Ticket>();
        await using (var tx = await db.BeginWriteAsync(ct))
        {
            foreach (var plan in plans.OrderBy(p => p.Created))
            {
                var (i, stage, category, channel, customer, template, amount, merchant, created) = plan;
                var number = await TicketNumbers.NextInTransactionAsync(db, created, ct);
                var priority = category == TicketCategory.AccountSecurity ? TicketPriority.Urgent
                    : amount > 1000m ? TicketPriority.High : faker.PickRandom(TicketPriority.Normal, TicketPriority.Normal, TicketPriority.Low);
                var occurred = created.AddHours(-faker.Random.Int(1, 48));
                var transaction = template.HasTransaction ? $"T{created:yyyyMMdd}{faker.Random.ReplaceNumbers("########")}" : null;
                // Nobody is over capacity: the first agent is busy (amber on the board), the others have room.
                var owner = stage switch
                {
                    DemoStage.Waiting => null,
                    DemoStage.Open => owners[DemoTicketPlan.OpenOwner(DemoTicketPlan.OpenIndex(i))],
                    _ => faker.PickRandom(owners),
                };
                var team = owner is null ? null : owner.Email == "expert@paydesk.local" ? Complaints.Teams.BackOffice : Complaints.Teams.FrontDesk;
                var times = DemoTicketPlan.Times(plan, priority, policy, calendars, office, now, faker);
                var status = stage switch
                {
                    DemoStage.Waiting => TicketStatus.New,
                    DemoStage.Open => DemoTicketPlan.OpenStatus(DemoTicketPlan.OpenIndex(i)),
                    _ => times.Closed is not null ? TicketStatus.Closed : TicketStatus.Resolved,
                };
                if (status != TicketStatus.AwaitingThirdParty) times = times with { ProgressUpdates = [] };

                var messages = new List<ImportComplaint.Message>();
                if (owner is not null && status >= TicketStatus.InProgress)
                {
                    messages.Add(new(template.Reply, MessageVisibility.Public, owner.Id, owner.DisplayName, false, times.Reply));
                    var untilNow = (times.Resolved ?? now) - times.Reply;
                    if (faker.Random.Bool(0.4f))
                    {
                        messages.Add(new(faker.PickRandom(DemoContent.InternalNotes), MessageVisibility.Internal, owner.Id, owner.DisplayName, false,
                            times.Reply + untilNow * faker.Random.Double(0.05, 0.3)));
                    }
                    foreach (var at in times.ProgressUpdates)
                    {
                        messages.Add(new(faker.PickRandom(DemoContent.ProgressUpdates), MessageVisibility.Public, owner.Id, owner.DisplayName, false, at));
                    }
                    if (faker.Random.Bool(0.5f))
                    {
                        messages.Add(new(faker.PickRandom(DemoContent.FollowUps), MessageVisibility.Public, null, customer.Name, true,
                            times.Reply + untilNow * faker.Random.Double(0.35, 0.9)));
                    }
                }
                var closing = status == TicketStatus.Closed ? DemoContent.Closing[category] : default((RootCause, ResolutionCode)?);
                var ticket = ImportComplaint.Add(db, new ImportComplaint.History(
                    number, channel, customer.Id, template.Subject,
                    template.Description.Replace("{amount}", amount?.ToString("0.00") ?? "").Replace("{merchant}", merchant), category,
                    priority, status, created, occurred, amount, amount is null ? null : "CNY", transaction, owner?.Id, team, messages,
                    SolutionProposedAt: status >= TicketStatus.SolutionProposed ? times.Proposed : null,
                    ResolvedAt: status >= TicketStatus.Resolved ? times.Resolved : null,
                    ClosedAt: status == TicketStatus.Closed ? times.Closed : null,
                    RootCause: closing?.Item1, ResolutionCode: closing?.Item2, Note: "演示数据 / demo history",
                    ReopenCount: stage == DemoStage.Finished && DemoTicketPlan.Reopened(i) ? 1 : 0));

                // The clocks run the complaint's history as it happened, so service levels, resolution times and
                // the disclosure report's medians come from the same clocks live complaints use.
                sla.StartAll(ticket, created);
                await db.SaveChangesAsync(ct);
                await DemoTicketPlan.ReplayClocksAsync(db, sla, calendars, ticket, stage, times, ct);

                if (stage == DemoStage.Finished && faker.Random.Bool(0.7f))
                {
                    // Most customers answer the satisfaction survey. They say the first contact solved it exactly
                    // when it was neither escalated nor reopened, so their figure and the centre's agree.
                    var resolvedFirstTime = ticket.EscalationLevel == 0 && ticket.ReopenCount == 0;
                    var sent = times.Resolved!.Value;
                    var answered = sent.AddMinutes(faker.Random.Int(20, 30 * 60));
                    db.Surveys.Add(new Surveys.Survey
                    {
                        Kind = Surveys.SurveyKind.Csat, Subject = Surveys.SurveySubject.Ticket, CustomerId = customer.Id, TicketId = ticket.Id,
                        TicketNumber = ticket.Number, Channel = channel, Category = category, OwnerId = ticket.OwnerId, Team = ticket.Team,
                        SentAt = sent, ExpiresAt = sent.AddDays(14),
                        AnsweredAt = answered < now ? answered : now.AddMinutes(-1),
                        Score = resolvedFirstTime
                            ? faker.Random.WeightedRandom([5, 4, 3, 2, 1], [0.55f, 0.3f, 0.1f, 0.03f, 0.02f])
                            : faker.Random.WeightedRandom([5, 4, 3, 2, 1], [0.15f, 0.3f, 0.25f, 0.15f, 0.15f]),
                        FirstContactResolved = resolvedFirstTime,
                    });
                }
                AddLedgerEvidence(db, ticket, customer, merchant, faker);
                seeded.Add(ticket);
                // Every save compares every tracked entity: keep only the ledger accounts (looked up locally above),
                // or seeding grows quadratic in the number of complaints.
                await db.SaveChangesAsync(ct);
                foreach (var entry in db.ChangeTracker.Entries().Where(e => e.Entity is not Payments.LedgerAccount).ToList()) entry.State = EntityState.Detached;
            }
            // Half a year of contact history and the promotions in it, for peak forecasting and staffing.
            var workforce = sp.GetRequiredService<IOptions<Workforce.WorkforceOptions>>().Value;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, workforce.Zone));
            db.ContactIntervals.AddRange(Workforce.DemoHistory.Generate(today.AddDays(-7 * workforce.HistoryWeeks), today, workforce.Zone));
            db.MarkedDays.AddRange(Workforce.DemoHistory.Promotions.Select(p => new Workforce.MarkedDayRecord
            {
                Date = p.Date, Kind = "promotion", Name = p.Name, ExpectedUplift = Workforce.DemoHistory.PromotionUplift, CreatedAt = now,
            }));
            // A dozen ended chats, some the start of the complaints above, for the chat screens and the automatic review.
            DemoChats.Add(db, owners, customers, seeded, now);
            db.Counters.Add(new Counter { Name = Marker, Value = 1 });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        // Follow-up visits (回访) for the resolved history, by the same rules as live resolutions, and the past ones made.
        await sp.GetRequiredService<FollowUps.FollowUpPlanner>().PlanAllResolvedAsync(ct);
        await FollowUps.FollowUpDemoHistory.RecordAsync(db, clock.GetUtcNow().UtcDateTime, ct);

        console.WriteLine("Demo data: {0} customers, {1} complaints, {2} chats, staff and customer logins:", CustomerCount, TicketCount, DemoChats.Count);
        console.WriteLine("  staff:     agent@paydesk.local (agent), expert@paydesk.local, supervisor@paydesk.local");
        console.WriteLine("  customers: customer@paydesk.local, customer2@paydesk.local, customer3@paydesk.local");
        console.WriteLine(generated
            ? $"  password for all demo accounts: {password}   (generated; shown only this once)"
            : "  password for all demo accounts: the value of PAYDESK_DEMO_PASSWORD");
        return true;
    }

    /// <summary>What the payment system would show behind each demo complaint.</summary>
    private static void AddLedgerEvidence(AppDbContext db, Ticket ticket, Customer customer, string merchant, Faker faker)
    {
        if (ticket.Category == TicketCategory.AccountFrozen)
        {
            var account = db.LedgerAccounts.Local.First(a => a.AccountId == customer.AccountId);
            account.Frozen = true;
            account.FrozenReason = faker.PickRandom("异地登录触发风控", "短时间内多笔大额转入", "资料过期待更新");
            account.FrozenAt = ticket.OccurredAt;
        }
        if (ticket.TransactionId is null || ticket.Amount is null) return;
        var at = ticket.OccurredAt ?? ticket.CreatedAt;
        LedgerTransaction Txn(string serial, PaymentStatus status, DateTime when) => new()
        {
            Serial = serial, AccountId = customer.AccountId!, Merchant = merchant, Amount = ticket.Amount.Value, Currency = "CNY",
            Status = status, OccurredAt = when, CardMasked = customer.Cards.FirstOrDefault()?.PanMasked,
        };
        switch (ticket.SubCategory, ticket.Category)
        {
            case (TicketSubCategory.DuplicateDebit, _):
                db.LedgerTransactions.Add(Txn(ticket.TransactionId, PaymentStatus.Succeeded, at));
                db.LedgerTransactions.Add(Txn(ticket.TransactionId + "R", PaymentStatus.Succeeded, at.AddSeconds(faker.Random.Int(20, 300))));
                break;
            case (TicketSubCategory.NotCredited, _):
                db.LedgerTransactions.Add(Txn(ticket.TransactionId, PaymentStatus.Pending, at));
                break;
            case (_, TicketCategory.TransactionFailure):
                db.LedgerTransactions.Add(Txn(ticket.TransactionId, PaymentStatus.Reversed, at));
                break;
            case (_, TicketCategory.Refund):
                var refund = Txn(ticket.TransactionId, PaymentStatus.Succeeded, at);
                refund.Refund = RefundState.Pending;
                refund.RefundAmount = ticket.Amount;
                refund.RefundExpectedBy = at.AddDays(7);
                db.LedgerTransactions.Add(refund);
                break;
            default:
                db.LedgerTransactions.Add(Txn(ticket.TransactionId, PaymentStatus.Succeeded, at));
                break;
        }
    }

    /// <summary>A well-formed 18-digit resident ID with a correct check digit (fictitious person).</summary>
    public static string IdNumber(Faker faker)
    {
        var birth = faker.Date.Between(new DateTime(1960, 1, 1), new DateTime(2004, 12, 31));
        var first17 = faker.PickRandom(DemoContent.RegionCodes) + birth.ToString("yyyyMMdd") + faker.Random.ReplaceNumbers("###");
        return first17 + PersonalData.IdCheckDigit(first17);
    }

    /// <summary>A 19-digit UnionPay-style card number that passes the Luhn check.</summary>
    public static string CardNumber(Faker faker)
    {
        var body = faker.PickRandom(DemoContent.CardPrefixes) + faker.Random.ReplaceNumbers("############");
        for (var check = 0; check <= 9; check++)
        {
            if (PersonalData.LuhnValid(body + check)) return body + check;
        }
        throw new InvalidOperationException("unreachable: one check digit always satisfies Luhn");
    }
}
