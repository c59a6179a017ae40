using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RetentionOfLooseRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notifications_TicketId",
                table: "notifications");

            migrationBuilder.AddColumn<DateTime>(
                name: "AnonymisedAt",
                table: "conversations",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AnonymisedAt",
                table: "calls",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_notifications_TicketId_CreatedAt",
                table: "notifications",
                columns: new[] { "TicketId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_TicketId_AnonymisedAt_LastMessageAt",
                table: "conversations",
                columns: new[] { "TicketId", "AnonymisedAt", "LastMessageAt" });

            migrationBuilder.CreateIndex(
                name: "IX_calls_TicketId_AnonymisedAt_StartedAt",
                table: "calls",
                columns: new[] { "TicketId", "AnonymisedAt", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_notifications_TicketId_CreatedAt",
                table: "notifications");

            migrationBuilder.DropIndex(
                name: "IX_conversations_TicketId_AnonymisedAt_LastMessageAt",
                table: "conversations");

            migrationBuilder.DropIndex(
                name: "IX_calls_TicketId_AnonymisedAt_StartedAt",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "AnonymisedAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "AnonymisedAt",
                table: "calls");

            migrationBuilder.CreateIndex(
                name: "IX_notifications_TicketId",
                table: "notifications",
                column: "TicketId");
        }
    }
}
