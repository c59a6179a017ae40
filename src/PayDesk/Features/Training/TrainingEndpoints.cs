using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Training;

/// <summary>
/// Training on simulated customers (模拟培训), isolated from live work (decision 0015): its own tables, a sandbox ledger
/// inside each scenario, no complaints, no outbox, nothing the reports or scorecards read.
/// </summary>
internal static class TrainingEndpoints
{
    public static IHostApplicationBuilder AddTraining(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<TrainingOptions>().Bind(builder.Configuration.GetSection("Training"))
            .Validate(o => o.FirstResponseSeconds is >= 10 and <= 3600 && o.ResolutionMinutes is >= 1 and <= 480,
                "Training: FirstResponseSeconds 10–3600, ResolutionMinutes 1–480.")
            .ValidateOnStart();
        builder.Services.AddSingleton<CustomerVoice>();
        return builder;
    }

    public static RouteGroupBuilder MapTraining(this RouteGroupBuilder api)
    {
        var training = api.MapGroup("/training").WithTags("Training").RequireAuthorization(Policies.Staff);
        training.MapGet("/scenarios", ListScenarios.HandleAsync).WithName("ListTrainingScenarios")
            .WithSummary("Active training scenarios (title, category, mood, opening); facts stay hidden until asked in a session.");
        training.MapPost("/scenarios", CreateScenario.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("CreateTrainingScenario")
            .WithSummary("Write a scenario from plain facts: opening, mood, facts (told or ask-only), secrets given only after verification, sandbox ledger.");
        training.MapGet("/scenarios/draft", ScenarioFromCase.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("DraftTrainingScenarioFromCase")
            .WithSummary("A scenario draft from a published case (caseId): its facts, mood, ask-only facts and sandbox ledger; edit it, then POST /scenarios.");
        training.MapPost("/assignments", AssignScenario.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("AssignTrainingScenario")
            .WithSummary("Assign a scenario to agents with a due date (yyyy-MM-dd, the centre's calendar).");
        training.MapGet("/assignments", ListAssignments.HandleAsync).WithName("ListTrainingAssignments")
            .WithSummary("Assignments, open first: an agent's own; a supervisor's view of everyone (agentId, open filters).");
        training.MapGet("/progress", TrainingProgress.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("TrainingProgress")
            .WithSummary("Completion and scores per agent; format=csv for a spreadsheet.");
        training.MapGet("/sessions", ListTrainingSessions.HandleAsync).WithName("ListTrainingSessions")
            .WithSummary("Sessions, newest first: one's own, or for supervisors everyone's (traineeId, unreviewed filters).");
        training.MapPost("/sessions", StartTrainingSession.HandleAsync).WithName("StartTrainingSession")
            .WithSummary("Start a scenario: the clock starts and the simulated customer writes first.");
        var session = training.MapGroup("/sessions/{id:guid}");
        session.MapGet("/", GetTrainingSession.HandleAsync).WithName("GetTrainingSession")
            .WithSummary("The transcript, clock targets, actions taken, the sandbox ledger once looked up, and the score once ended.");
        session.MapPost("/messages", SendTrainingMessage.HandleAsync).WithName("SendTrainingMessage")
            .WithSummary("Write to the simulated customer; the reply is in the returned transcript.");
        session.MapPost("/verify", VerifyTraineeCustomer.HandleAsync).WithName("VerifyTrainingCustomer")
            .WithSummary("Without a code: send a sandbox SMS code to the customer. With the code the customer read out: verify them.");
        session.MapPost("/lookup", LookUpSandboxLedger.HandleAsync).WithName("LookUpTrainingLedger")
            .WithSummary("Look up the customer's transactions in the scenario's sandbox ledger (after verification).");
        session.MapPost("/solution", ProposeTrainingSolution.HandleAsync).WithName("ProposeTrainingSolution")
            .WithSummary("Classify the problem and propose a solution to the simulated customer.");
        session.MapPost("/end", EndTrainingSession.HandleAsync).WithName("EndTrainingSession")
            .WithSummary("End the session: the automatic items are scored and the assignment is completed.");
        session.MapPost("/review", ReviewTrainingSession.HandleAsync).RequireAuthorization(Policies.Supervisor).WithName("ReviewTrainingSession")
            .WithSummary("A supervisor scores the standard rubric's manual items (accuracy, empathy, next steps …) of an ended session: points keyed by rubric item, on the item's scale.");
        return api;
    }
}
