using PayDesk.Features.Sla;
using PayDesk.Features.Complaints;

namespace PayDesk.Tests.Features.Sla;

public sealed class SlaPolicyTests
{
    private static Ticket Complaint(TicketChannel channel, TicketCategory category, TicketPriority priority = TicketPriority.Normal, TicketSubCategory? sub = null) => new()
    {
        Number = "PD-2026-000001", Subject = "s", Description = "d", Channel = channel, Category = category, Priority = priority, SubCategory = sub,
    };

    [Theory]
    [InlineData(TicketChannel.Phone, 1)]
    [InlineData(TicketChannel.Chat, 15)]
    [InlineData(TicketChannel.WeChat, 15)]
    [InlineData(TicketChannel.App, 30)]
    [InlineData(TicketChannel.Email, 24 * 60)]
    public void First_response_targets_follow_the_channel(TicketChannel channel, int minutes) =>
        Assert.Equal(minutes, SlaPolicy.For(Complaint(channel, TicketCategory.Other), new SlaOptions())[ClockKind.FirstResponse].Minutes);

    [Fact]
    public void Resolution_is_two_working_days_half_a_day_when_urgent_one_day_for_questions()
    {
        var options = new SlaOptions();
        Assert.Equal(2 * 540, SlaPolicy.For(Complaint(TicketChannel.App, TicketCategory.Funds), options)[ClockKind.Resolution].Minutes);
        Assert.Equal(240, SlaPolicy.For(Complaint(TicketChannel.App, TicketCategory.AccountSecurity, TicketPriority.Urgent), options)[ClockKind.Resolution].Minutes);
        Assert.Equal(540, SlaPolicy.For(Complaint(TicketChannel.Chat, TicketCategory.Consultation), options)[ClockKind.Resolution].Minutes);
    }

    [Fact]
    public void The_regulatory_clock_follows_the_configured_regulation()
    {
        var ticket = Complaint(TicketChannel.App, TicketCategory.Funds);
        Assert.Equal(10 * 540, SlaPolicy.For(ticket, new SlaOptions())[ClockKind.Regulatory].Minutes);
        Assert.Equal(20 * 540, SlaPolicy.For(ticket, new SlaOptions { RegulatoryWorkingDays = 25 })[ClockKind.Regulatory].Minutes);
        Assert.Equal(15 * 540, SlaPolicy.For(ticket, new SlaOptions { Regulation = "psd2" })[ClockKind.Regulatory].Minutes);
    }

    [Fact]
    public void Card_disputes_also_run_the_schemes_calendar_day_deadline()
    {
        var options = new SlaOptions { SchemeDeadlineDays = 45 };
        var dispute = SlaPolicy.For(Complaint(TicketChannel.App, TicketCategory.Funds, sub: TicketSubCategory.DuplicateDebit), options);
        Assert.Equal(new SlaTarget(45 * 24 * 60, DefaultCalendars.AlwaysOpen), dispute[ClockKind.SchemeDeadline]);
        Assert.True(SlaPolicy.For(Complaint(TicketChannel.App, TicketCategory.Refund), options).ContainsKey(ClockKind.SchemeDeadline));
        Assert.False(SlaPolicy.For(Complaint(TicketChannel.App, TicketCategory.AccountFrozen), options).ContainsKey(ClockKind.SchemeDeadline));
    }
}
