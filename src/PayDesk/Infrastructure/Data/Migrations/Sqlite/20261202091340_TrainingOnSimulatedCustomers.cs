using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
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
