using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class FollowUpVisits : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "follow_up_attempts");

            migrationBuilder.DropTable(
                name: "follow_up_rules");

            migrationBuilder.DropTable(
                name: "follow_up_tasks");
        }
    }
}
