using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainingOnSimulatedCustomers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TrainingAssignments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScenarioId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgentName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AssignedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CompletedSessionId = table.Column<Guid>(type: "uuid", nullable: true),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingAssignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SessionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Topic = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingScenarios",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SeedKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Mood = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    OpeningMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ExpectedOutcome = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ScriptJson = table.Column<string>(type: "text", nullable: false),
                    SourceCaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingScenarios", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TrainingSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ScenarioId = table.Column<Guid>(type: "uuid", nullable: false),
                    TraineeId = table.Column<Guid>(type: "uuid", nullable: false),
                    TraineeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AssignmentId = table.Column<Guid>(type: "uuid", nullable: true),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VerificationCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    CodeSentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    VerifiedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailedVerifications = table.Column<int>(type: "integer", nullable: false),
                    ProposedSolution = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ChosenCategory = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    NextSequence = table.Column<int>(type: "integer", nullable: false),
                    AutoItemsJson = table.Column<string>(type: "text", nullable: true),
                    AutoPoints = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    AutoMaxPoints = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    ManualItemsJson = table.Column<string>(type: "text", nullable: true),
                    ManualPoints = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReviewComment = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrainingSessions", x => x.Id);
                });

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
                name: "TrainingAssignments");

            migrationBuilder.DropTable(
                name: "TrainingEvents");

            migrationBuilder.DropTable(
                name: "TrainingScenarios");

            migrationBuilder.DropTable(
                name: "TrainingSessions");
        }
    }
}
