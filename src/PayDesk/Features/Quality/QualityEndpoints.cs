using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Localization;
using PayDesk.Infrastructure.Data;
using PayDesk.Infrastructure.Http;
using PayDesk.Infrastructure.Security;

namespace PayDesk.Features.Quality;

internal static class QualityEndpoints
{
    public static WebApplicationBuilder AddQuality(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IQualityScoreSource, ManualQualityScores>();
        builder.Services.AddScoped<IQualityStandards, QualityStandards>();
        return builder;
    }

    public static RouteGroupBuilder MapQuality(this RouteGroupBuilder api)
    {
        var quality = api.MapGroup("/quality").WithTags("Quality").RequireAuthorization(Policies.Staff);
        var supervisors = quality.MapGroup("").RequireAuthorization(Policies.Supervisor);

        supervisors.MapGet("/rubrics", (Guid? family, AppDbContext db, CancellationToken ct) =>
                family is { } f ? ListRubrics.VersionsAsync(db, f, ct) : ListRubrics.CurrentAsync(db, ct))
            .WithName("ListQualityRubrics").WithSummary("Current rubrics; with family=… every version of one rubric, newest first.");
        supervisors.MapGet("/rubrics/{id:guid}", async (Guid id, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await ListRubrics.GetAsync(db, id, ct)).ToHttp(l))
            .WithName("GetQualityRubric").WithSummary("One rubric version by its id, or the newest version of a family by the family's id.");
        supervisors.MapPost("/rubrics", async (RubricInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await SaveRubric.CreateAsync(db, actors.Current, clock, input, ct)).ToHttp(l))
            .WithName("CreateQualityRubric").WithSummary("A new rubric: weighted items, each pass/partial/fail or 0–n points, fatal items zero a review.");
        supervisors.MapPut("/rubrics/{id:guid}", async (Guid id, RubricInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await SaveRubric.NewVersionAsync(db, actors.Current, clock, id, input, ct)).ToHttp(l))
            .WithName("UpdateQualityRubric").WithSummary("Saves the next version of a rubric; reviews already scored keep the version they were scored on.");
        supervisors.MapDelete("/rubrics/{id:guid}", async (Guid id, AppDbContext db, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await SaveRubric.ArchiveAsync(db, id, ct)).ToHttp(l))
            .WithName("ArchiveQualityRubric").WithSummary("Retires a rubric (all versions); its reviews stay.");

        supervisors.MapPost("/samples", async (SampleInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await DrawSample.RunAsync(db, actors.Current, clock, input, ct)).ToHttp(l))
            .WithName("DrawQualitySample")
            .WithSummary("Draws a week's sample: every escalated, SLA-breached, reopened or low-CSAT (≤ lowCsatAtMost, default 2) complaint plus perAgent at random per agent, dealt to reviewers.");

        quality.MapGet("/reviews", async (string? scope, string? status, string? agent, string? format, int? page, int? pageSize, AppDbContext db, ActorAccessor actors,
                IStringLocalizer<SharedResource> l, CancellationToken ct) =>
            {
                var errors = new ValidationErrors(l);
                var paging = PageRequest.From(page, pageSize, errors);
                var parsed = EnumText.Parse<ReviewScope>(scope, "scope", errors) ?? ReviewScope.Mine;
                var filter = new ReviewFilter(string.IsNullOrEmpty(status) ? null : EnumText.Parse<ReviewStatus>(status, "status", errors));
                if (!string.IsNullOrEmpty(agent))
                {
                    if (Guid.TryParse(agent, out var agentId)) filter = filter with { AgentId = agentId };
                    else errors.AddKey("agent", "Quality.Export.BadAgent");
                }
                if (format is not (null or "" or "json" or "csv")) errors.AddKey("format", "Report.Format");
                if (errors.Any) return (Results<Ok<Paged<ReviewSummary>>, PushStreamHttpResult, NotFound, ValidationProblem, ProblemHttpResult>)errors.ToProblem();
                if (format == "csv")
                {
                    var query = ListReviews.Query(db, actors.Current, parsed, filter);
                    if (!query.Ok) return query.As<Paged<ReviewSummary>>().ToHttp(l).Result switch
                    {
                        ProblemHttpResult p => p,
                        _ => TypedResults.NotFound(),
                    };
                    return Csv.Stream("quality-reviews", ListReviews.RowsAsync(query.Value!, parsed, ct));
                }
                return (await ListReviews.RunAsync(db, actors.Current, parsed, paging, ct, filter)).ToHttp(l).Result switch
                {
                    Ok<Paged<ReviewSummary>> ok => ok,
                    ValidationProblem v => v,
                    ProblemHttpResult p => p,
                    _ => TypedResults.NotFound(),
                };
            })
            .WithName("ListQualityReviews")
            .WithSummary("scope=mine (an agent's own reviews, the default), queue, disputes or all (reviewers only); status and agent (an id) narrow it; paged; format=csv streams every row.");
        supervisors.MapPost("/reviews", async (PickInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await AssignReview.PickAsync(db, actors.Current, clock, input, ct)).ToHttp(l))
            .WithName("PickQualityReview").WithSummary("A reviewer picks a complaint (id or number) by hand into their own queue; not their own work.");
        quality.MapGet("/reviews/{id:guid}", async (Guid id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await GetReview.RunAsync(db, actors.Current, id, ct)).ToHttp(l))
            .WithName("GetQualityReview").WithSummary("The review workspace: the complaint's history, the rubric items and scores, comments, and what the caller may do.");
        supervisors.MapPost("/reviews/{id:guid}/claim", async (Guid id, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await ClaimReview.RunAsync(db, actors.Current, clock, id, ct)).ToHttp(l))
            .WithName("ClaimQualityReview")
            .WithSummary("A reviewer takes an unassigned review; when two claim it at once exactly one wins, the other gets 409.");
        supervisors.MapPost("/reviews/{id:guid}/submit", async (Guid id, SubmitInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await SubmitReview.RunAsync(db, actors.Current, clock, id, input, ct)).ToHttp(l))
            .WithName("SubmitQualityReview").WithSummary("Scores every item (pass/partial/fail as 2/1/0, or points) and submits; the weighted total is computed, a failed fatal item zeroes it.");
        supervisors.MapPost("/reviews/{id:guid}/comments", async (Guid id, CommentInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await CommentOnMessage.RunAsync(db, actors.Current, clock, id, input, ct)).ToHttp(l))
            .WithName("CommentOnQualityReviewMessage").WithSummary("A comment on one message of the complaint's history (messageRef from the workspace's history).");
        quality.MapPost("/reviews/{id:guid}/acknowledge", async (Guid id, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await AnswerReview.AcknowledgeAsync(db, actors.Current, clock, id, ct)).ToHttp(l))
            .WithName("AcknowledgeQualityReview").WithSummary("The agent accepts their review.");
        quality.MapPost("/reviews/{id:guid}/dispute", async (Guid id, DisputeInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await AnswerReview.DisputeAsync(db, actors.Current, clock, id, input, ct)).ToHttp(l))
            .WithName("DisputeQualityReview").WithSummary("The agent disputes their review with a reason; a second reviewer settles it.");
        supervisors.MapPost("/reviews/{id:guid}/settle", async (Guid id, SettleInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await SettleDispute.RunAsync(db, actors.Current, clock, id, input, ct)).ToHttp(l))
            .WithName("SettleQualityDispute").WithSummary("A second reviewer (not the first, not the agent) upholds the review or changes item scores; the settled total is final.");

        supervisors.MapGet("/calibrations", (AppDbContext db, CancellationToken ct) => Calibrations.ListAsync(db, 50, ct))
            .WithName("ListQualityCalibrations").WithSummary("The latest calibration sessions and how many of their reviewers have submitted.");
        supervisors.MapPost("/calibrations", async (CalibrationInput input, AppDbContext db, ActorAccessor actors, TimeProvider clock, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await Calibrations.StartAsync(db, actors.Current, clock, input, ct)).ToHttp(l))
            .WithName("StartQualityCalibration").WithSummary("Several reviewers (2–10) score the same complaint independently.");
        supervisors.MapGet("/calibrations/{id:guid}", async (Guid id, AppDbContext db, ActorAccessor actors, IStringLocalizer<SharedResource> l, CancellationToken ct) =>
                (await Calibrations.GetAsync(db, actors.Current, id, ct)).ToHttp(l))
            .WithName("GetQualityCalibration").WithSummary("Who has submitted; once all have, every reviewer's values and the spread per item and of the totals.");
        return api;
    }
}
