using Microsoft.EntityFrameworkCore;
using PayDesk.Features.Complaints;
using PayDesk.Features.Identity;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Complaints;

/// <summary>RecordVerification is the one place that marks a complainant verified (agent checks and the assistant alike).</summary>
public sealed class RecordVerificationTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Actor Agent = new(Guid.NewGuid(), "王芳", new HashSet<string> { Roles.Agent }, null);

    private static AppDbContext Db() =>
        new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite("Data Source=:memory:").Options);

    private static Ticket NewTicket() => new()
    {
        Number = "PD-2026-000001", Subject = "重复扣款", Description = "同一笔订单被扣款两次", Status = TicketStatus.InProgress,
        CreatedAt = Now.AddHours(-1), UpdatedAt = Now.AddHours(-1),
    };

    [Fact]
    public void A_verified_complainant_is_on_the_complaint_and_on_the_timeline_the_customer_sees()
    {
        using var db = Db();
        var ticket = NewTicket();

        var entry = RecordVerification.Apply(db, ticket, VerificationMethod.SmsCode, Agent, Now);

        Assert.Equal((Now, VerificationMethod.SmsCode, Now), (ticket.VerifiedAt, ticket.VerificationMethod, ticket.UpdatedAt));
        Assert.Same(entry, Assert.Single(db.TicketEvents.Local));
        Assert.Equal((ticket.Id, TicketEventKind.Verification, "王芳", true, Now), (entry.TicketId, entry.Kind, entry.ActorName, entry.CustomerVisible, entry.At));
        Assert.Contains("\"step\":\"verified\"", entry.Data);
        Assert.Contains("\"method\":\"sms_code\"", entry.Data);
    }

    [Fact]
    public void The_assistants_earlier_check_keeps_its_time_and_is_written_down_when_the_complaint_is_filed()
    {
        using var db = Db();
        var ticket = NewTicket();
        var checkedAt = Now.AddMinutes(-7);

        var entry = RecordVerification.Apply(db, ticket, VerificationMethod.SmsCode, Actor.System, checkedAt, Now);

        Assert.Equal((checkedAt, Now), (ticket.VerifiedAt, ticket.UpdatedAt));
        Assert.Equal((Now, Actor.System.Name), (entry.At, entry.ActorName));
    }

    [Fact]
    public void A_verification_counts_only_within_its_validity_window()
    {
        var options = new VerificationOptions();
        var ticket = NewTicket();
        Assert.False(RecordVerification.IsVerified(ticket, Now, options));

        ticket.VerifiedAt = Now.AddHours(-options.ValidForHours);
        Assert.True(RecordVerification.IsVerified(ticket, Now, options));
        Assert.False(RecordVerification.IsVerified(ticket, Now.AddSeconds(1), options));
    }
}
