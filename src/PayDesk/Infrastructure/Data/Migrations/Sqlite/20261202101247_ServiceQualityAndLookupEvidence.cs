using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceQualityAndLookupEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "follow_up_rules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Escalated = table.Column<bool>(type: "INTEGER", nullable: false),
                    RefundAbove = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    RefundCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    CsatAtOrBelow = table.Column<int>(type: "INTEGER", nullable: true),
                    SampleShare = table.Column<decimal>(type: "TEXT", precision: 5, scale: 4, nullable: false),
                    DelayWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    RetryWorkingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_rules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_tasks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reasons = table.Column<int>(type: "INTEGER", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DueAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FollowOnNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_follow_up_tasks_tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_automatic_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    WorkAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Points = table.Column<double>(type: "REAL", nullable: false),
                    MaxPoints = table.Column<double>(type: "REAL", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReopenCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_automatic_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_calibrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RubricId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_calibrations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_phrases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_phrases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_reviews",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ReviewerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReviewerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RubricId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RubricName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    RubricVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SampleId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CalibrationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    WorkAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SubmittedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Total = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: true),
                    SubmittedTotal = table.Column<decimal>(type: "TEXT", precision: 7, scale: 2, nullable: true),
                    FatalFailed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DisputeReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SettlerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SettlerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SettledAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SettlementNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_rubrics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FamilyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_rubrics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_samples",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    PerAgent = table.Column<int>(type: "INTEGER", nullable: false),
                    LowCsatAtMost = table.Column<int>(type: "INTEGER", nullable: false),
                    DrawnAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DrawnById = table.Column<Guid>(type: "TEXT", nullable: true),
                    DrawnByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Drawn = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_samples", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "service_cases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Problem = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Actions = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    CustomerWords = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Lessons = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RootCause = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Articles = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    PublishedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_cases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ticket_lookup_evidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ActorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FromUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ToUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    RowCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DuplicateCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Rows = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ticket_lookup_evidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ticket_lookup_evidence_tickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "tickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrainingAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScenarioId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgentName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AssignedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CompletedSessionId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingScenarios",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SeedKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Mood = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    OpeningMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ExpectedOutcome = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ScriptJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceCaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingScenarios", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ScenarioId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TraineeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TraineeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AssignmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: true),
                    CodeSentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    VerifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailedVerifications = table.Column<int>(type: "INTEGER", nullable: false),
                    ProposedSolution = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ChosenCategory = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    NextSequence = table.Column<int>(type: "INTEGER", nullable: false),
                    AutoItemsJson = table.Column<string>(type: "TEXT", nullable: true),
                    AutoPoints = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    AutoMaxPoints = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    ManualItemsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ManualPoints = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: true),
                    ReviewedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReviewComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "follow_up_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TaskId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Result = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AgentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AgentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_follow_up_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_follow_up_attempts_follow_up_tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "follow_up_tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_automatic_review_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Points = table.Column<double>(type: "REAL", nullable: false),
                    MaxPoints = table.Column<double>(type: "REAL", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_automatic_review_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_automatic_review_items_quality_automatic_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "quality_automatic_reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_comments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageRef = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    AuthorId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_comments_quality_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "quality_reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_review_scores",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReviewId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ItemNameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Weight = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MaxPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    Fatal = table.Column<bool>(type: "INTEGER", nullable: false),
                    Value = table.Column<int>(type: "INTEGER", nullable: true),
                    SubmittedValue = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Points = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false),
                    MaxShare = table.Column<decimal>(type: "TEXT", precision: 9, scale: 4, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_review_scores", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_review_scores_quality_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "quality_reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "quality_rubric_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RubricId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Guidance = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Weight = table.Column<decimal>(type: "TEXT", precision: 19, scale: 4, nullable: false),
                    Scale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    MaxPoints = table.Column<int>(type: "INTEGER", nullable: false),
                    Fatal = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_rubric_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_rubric_items_quality_rubrics_RubricId",
                        column: x => x.RubricId,
                        principalTable: "quality_rubrics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_attempts_TaskId_Number",
                table: "follow_up_attempts",
                columns: new[] { "TaskId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_tasks_AssigneeId_Status_DueAt",
                table: "follow_up_tasks",
                columns: new[] { "AssigneeId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_tasks_OwnerId_ClosedAt",
                table: "follow_up_tasks",
                columns: new[] { "OwnerId", "ClosedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_tasks_Status_DueAt",
                table: "follow_up_tasks",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_follow_up_tasks_TicketId_ResolvedAt",
                table: "follow_up_tasks",
                columns: new[] { "TicketId", "ResolvedAt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_automatic_review_items_ReviewId",
                table: "quality_automatic_review_items",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_automatic_reviews_Subject_SubjectId",
                table: "quality_automatic_reviews",
                columns: new[] { "Subject", "SubjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_automatic_reviews_WeekStart_AgentId",
                table: "quality_automatic_reviews",
                columns: new[] { "WeekStart", "AgentId" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_automatic_reviews_WorkAt_Score",
                table: "quality_automatic_reviews",
                columns: new[] { "WorkAt", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_calibrations_CreatedAt",
                table: "quality_calibrations",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_quality_comments_ReviewId_At",
                table: "quality_comments",
                columns: new[] { "ReviewId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_phrases_Kind_Text",
                table: "quality_phrases",
                columns: new[] { "Kind", "Text" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_review_scores_ReviewId_Order",
                table: "quality_review_scores",
                columns: new[] { "ReviewId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_AgentId_Status",
                table: "quality_reviews",
                columns: new[] { "AgentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_CalibrationId",
                table: "quality_reviews",
                column: "CalibrationId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_ReviewerId_Status",
                table: "quality_reviews",
                columns: new[] { "ReviewerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_Status_WorkAt",
                table: "quality_reviews",
                columns: new[] { "Status", "WorkAt" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_reviews_TicketId",
                table: "quality_reviews",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_quality_rubric_items_RubricId_Order",
                table: "quality_rubric_items",
                columns: new[] { "RubricId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_quality_rubrics_FamilyId_Version",
                table: "quality_rubrics",
                columns: new[] { "FamilyId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_quality_rubrics_IsCurrent",
                table: "quality_rubrics",
                column: "IsCurrent");

            migrationBuilder.CreateIndex(
                name: "IX_quality_samples_WeekStart",
                table: "quality_samples",
                column: "WeekStart");

            migrationBuilder.CreateIndex(
                name: "IX_service_cases_Category_Channel",
                table: "service_cases",
                columns: new[] { "Category", "Channel" });

            migrationBuilder.CreateIndex(
                name: "IX_service_cases_Status_PublishedAt",
                table: "service_cases",
                columns: new[] { "Status", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_service_cases_TicketId",
                table: "service_cases",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_ticket_lookup_evidence_TicketId_At",
                table: "ticket_lookup_evidence",
                columns: new[] { "TicketId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_AgentId_DueOn",
                table: "TrainingAssignments",
                columns: new[] { "AgentId", "DueOn" });

            migrationBuilder.CreateIndex(
                name: "IX_TrainingAssignments_ScenarioId",
                table: "TrainingAssignments",
                column: "ScenarioId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingEvents_SessionId_Sequence",
                table: "TrainingEvents",
                columns: new[] { "SessionId", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingScenarios_SeedKey",
                table: "TrainingScenarios",
                column: "SeedKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_ScenarioId",
                table: "TrainingSessions",
                column: "ScenarioId");

            migrationBuilder.CreateIndex(
                name: "IX_TrainingSessions_TraineeId_StartedAt",
                table: "TrainingSessions",
                columns: new[] { "TraineeId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "follow_up_attempts");

            migrationBuilder.DropTable(
                name: "follow_up_rules");

            migrationBuilder.DropTable(
                name: "quality_automatic_review_items");

            migrationBuilder.DropTable(
                name: "quality_calibrations");

            migrationBuilder.DropTable(
                name: "quality_comments");

            migrationBuilder.DropTable(
                name: "quality_phrases");

            migrationBuilder.DropTable(
                name: "quality_review_scores");

            migrationBuilder.DropTable(
                name: "quality_rubric_items");

            migrationBuilder.DropTable(
                name: "quality_samples");

            migrationBuilder.DropTable(
                name: "service_cases");

            migrationBuilder.DropTable(
                name: "ticket_lookup_evidence");

            migrationBuilder.DropTable(
                name: "TrainingAssignments");

            migrationBuilder.DropTable(
                name: "TrainingEvents");

            migrationBuilder.DropTable(
                name: "TrainingScenarios");

            migrationBuilder.DropTable(
                name: "TrainingSessions");

            migrationBuilder.DropTable(
                name: "follow_up_tasks");

            migrationBuilder.DropTable(
                name: "quality_automatic_reviews");

            migrationBuilder.DropTable(
                name: "quality_reviews");

            migrationBuilder.DropTable(
                name: "quality_rubrics");
        }
    }
}
