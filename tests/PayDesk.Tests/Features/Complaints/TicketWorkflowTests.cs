using CsCheck;
using PayDesk.Features.Identity;
using PayDesk.Features.Complaints;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Tests.Features.Complaints;

public sealed class TicketWorkflowTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);
    private static readonly LifecycleOptions Options = new();
    private static readonly Actor Agent = new(Guid.NewGuid(), "王芳", new HashSet<string> { Roles.Agent }, null);
    private static readonly Actor OtherAgent = new(Guid.NewGuid(), "李强", new HashSet<string> { Roles.Agent }, null);
    private static readonly Actor Customer = new(Guid.NewGuid(), "张三", new HashSet<string> { Roles.Customer }, Guid.NewGuid());

    // The lifecycle as SPEC §2 describes it, written out independently of the implementation's table.
    private static readonly (TicketStatus From, TicketTrigger Trigger, TicketStatus To)[] Expected =
    [
        (TicketStatus.New, TicketTrigger.Acknowledge, TicketStatus.Acknowledged),
        (TicketStatus.New, TicketTrigger.StartWork, TicketStatus.InProgress),
        (TicketStatus.Acknowledged, TicketTrigger.StartWork, TicketStatus.InProgress),
        (TicketStatus.InProgress, TicketTrigger.AwaitCustomer, TicketStatus.AwaitingCustomer),
        (TicketStatus.InProgress, TicketTrigger.AwaitThirdParty, TicketStatus.AwaitingThirdParty),
        (TicketStatus.AwaitingCustomer, TicketTrigger.Resume, TicketStatus.InProgress),
        (TicketStatus.AwaitingThirdParty, TicketTrigger.Resume, TicketStatus.InProgress),
        (TicketStatus.InProgress, TicketTrigger.ProposeSolution, TicketStatus.SolutionProposed),
        (TicketStatus.SolutionProposed, TicketTrigger.AcceptSolution, TicketStatus.Resolved),
        (TicketStatus.SolutionProposed, TicketTrigger.RejectSolution, TicketStatus.InProgress),
        (TicketStatus.SolutionProposed, TicketTrigger.ConfirmationTimeout, TicketStatus.Resolved),
        (TicketStatus.Resolved, TicketTrigger.Close, TicketStatus.Closed),
        (TicketStatus.Resolved, TicketTrigger.Reopen, TicketStatus.InProgress),
        (TicketStatus.Closed, TicketTrigger.Reopen, TicketStatus.InProgress),
    ];

    private static Ticket NewTicket(TicketStatus status = TicketStatus.New) => new()
    {
        Number = "PD-2026-000001", Subject = "重复扣款", Description = "同一笔订单被扣款两次", Status = status, CreatedAt = Now, UpdatedAt = Now,
    };

    [Fact]
    public void Every_status_and_trigger_pair_moves_exactly_as_the_lifecycle_says()
    {
        foreach (var from in Enum.GetValues<TicketStatus>())
        {
            foreach (var trigger in Enum.GetValues<TicketTrigger>())
            {
                var expected = Expected.Where(e => e.From == from && e.Trigger == trigger).Select(e => (TicketStatus?)e.To).SingleOrDefault();
                Assert.Equal(expected, TicketWorkflow.Next(from, trigger));
            }
        }
    }

    [Fact]
    public void Customers_may_only_answer_a_solution_or_reopen()
    {
        Assert.Equal([TicketTrigger.AcceptSolution, TicketTrigger.RejectSolution], TicketWorkflow.Allowed(TicketStatus.SolutionProposed, TriggerActor.Customer));
        Assert.Empty(TicketWorkflow.Allowed(TicketStatus.InProgress, TriggerActor.Customer));
        Assert.Equal([TicketTrigger.Reopen], TicketWorkflow.Allowed(TicketStatus.Closed, TriggerActor.Customer));
        Assert.DoesNotContain(TicketTrigger.ConfirmationTimeout, TicketWorkflow.Allowed(TicketStatus.SolutionProposed, TriggerActor.Staff));
    }

    [Fact]
    public void The_first_agent_to_start_work_becomes_the_owner_and_keeps_it()
    {
        var ticket = NewTicket();
        Assert.True(ApplyTransition.Run(ticket, new(TicketTrigger.StartWork), Agent, Now, Options).Applied);
        Assert.Equal(Agent.UserId, ticket.OwnerId);

        ApplyTransition.Run(ticket, new(TicketTrigger.AwaitThirdParty, "等待银行回复"), OtherAgent, Now, Options);
        ApplyTransition.Run(ticket, new(TicketTrigger.Resume), OtherAgent, Now, Options);
        Assert.Equal(Agent.UserId, ticket.OwnerId);
    }

    [Fact]
    public void Rejected_solution_reopens_work_one_escalation_level_higher()
    {
        var ticket = NewTicket(TicketStatus.InProgress);
        ApplyTransition.Run(ticket, new(TicketTrigger.ProposeSolution, "原路退回 199 元"), Agent, Now, Options);
        var rejected = ApplyTransition.Run(ticket, new(TicketTrigger.RejectSolution, "还没有到账"), Customer, Now, Options);

        Assert.True(rejected.Applied);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.Equal(1, ticket.EscalationLevel);
    }

    [Fact]
    public void Closing_needs_a_root_cause_and_a_resolution_code()
    {
        var ticket = NewTicket(TicketStatus.Resolved);
        var refused = ApplyTransition.Run(ticket, new(TicketTrigger.Close), Agent, Now, Options);
        Assert.False(refused.Applied);
        Assert.Equal(["rootCause", "resolutionCode"], refused.Errors.Select(e => e.Field));
        Assert.Equal(TicketStatus.Resolved, ticket.Status);

        var closed = ApplyTransition.Run(ticket, new(TicketTrigger.Close, null, RootCause.BankDelay, ResolutionCode.Refunded, "银行清算延迟"), Agent, Now, Options);
        Assert.True(closed.Applied);
        Assert.Equal(Now, ticket.ClosedAt);
        Assert.Equal(RootCause.BankDelay, ticket.RootCause);
    }

    [Theory]
    [InlineData(13, true)]
    [InlineData(15, false)]
    public void A_closed_complaint_reopens_only_within_the_window(int daysAfterClosing, bool reopens)
    {
        var ticket = NewTicket(TicketStatus.Closed);
        ticket.ClosedAt = Now;
        var outcome = ApplyTransition.Run(ticket, new(TicketTrigger.Reopen, "问题又出现了"), Customer, Now.AddDays(daysAfterClosing), Options);
        Assert.Equal(reopens, outcome.Applied);
        Assert.Equal(reopens ? TicketStatus.InProgress : TicketStatus.Closed, ticket.Status);
        Assert.Equal(reopens ? 1 : 0, ticket.ReopenCount);
    }

    [Fact]
    public void Triggers_that_need_a_reason_are_refused_without_one()
    {
        var ticket = NewTicket(TicketStatus.InProgress);
        var outcome = ApplyTransition.Run(ticket, new(TicketTrigger.AwaitCustomer, "  "), Agent, Now, Options);
        Assert.Equal([("reason", "Validation.Required")], outcome.Errors);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
    }

    public sealed record Step(TicketTrigger Trigger, int Who, bool WithReason, bool WithSummary, int DaysLater);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Enum<TicketTrigger>(), Gen.Int[0, 3], Gen.Bool, Gen.Bool, Gen.Int[0, 20],
        (trigger, who, reason, summary, days) => new Step(trigger, who, reason, summary, days));

    [Fact]
    public void Random_sequences_never_reach_an_illegal_state_and_only_change_what_they_may()
    {
        Actor[] actors = [Agent, OtherAgent, Customer, Actor.System];
        StepGen.Array[1, 40].Sample(steps =>
        {
            var ticket = NewTicket();
            var now = Now;
            foreach (var step in steps)
            {
                now = now.AddDays(step.DaysLater);
                var actor = actors[step.Who];
                var before = (ticket.Status, ticket.OwnerId, ticket.EscalationLevel, ticket.ReopenCount, ticket.ClosedAt);
                var input = new TransitionInput(step.Trigger, step.WithReason ? "原因" : null,
                    step.WithSummary ? RootCause.BankDelay : null, step.WithSummary ? ResolutionCode.Refunded : null);
                var outcome = ApplyTransition.Run(ticket, input, actor, now, Options);

                if (!outcome.Applied)
                {
                    // A refused trigger changes nothing.
                    Assert.Equal(before, (ticket.Status, ticket.OwnerId, ticket.EscalationLevel, ticket.ReopenCount, ticket.ClosedAt));
                    continue;
                }
                // Every accepted move is an edge of the lifecycle, pulled by someone allowed to.
                Assert.Contains((before.Status, step.Trigger, ticket.Status), Expected);
                Assert.True(TicketWorkflow.MayPull(TicketWorkflow.KindOf(actor), step.Trigger));
                // The owner is set once, by the first agent to start work, and never changes here.
                if (before.OwnerId is not null) Assert.Equal(before.OwnerId, ticket.OwnerId);
                else if (ticket.OwnerId is not null) Assert.True(step.Trigger == TicketTrigger.StartWork && ticket.OwnerId == actor.UserId);
                Assert.True(ticket.EscalationLevel >= before.EscalationLevel);
                Assert.Equal(ticket.Status == TicketStatus.Closed, ticket.ClosedAt is not null);
                if (ticket.Status == TicketStatus.Closed) Assert.NotNull(ticket.RootCause);
            }
        }, iter: 3000);
    }
}
