using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClockOutcomesOnTickets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "RegulatoryMet",
                table: "tickets",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResolutionMet",
                table: "tickets",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResolutionMinutes",
                table: "tickets",
                type: "integer",
                nullable: true);

            // Complaints whose clocks already stopped get their outcome copied over.
            migrationBuilder.Sql("""
                UPDATE tickets t SET "ResolutionMinutes" = (c."ElapsedTicksAtStop" / 600000000)::int, "ResolutionMet" = c."Status" = 'Met'
                FROM sla_clocks c WHERE c."TicketId" = t."Id" AND c."Kind" = 'Resolution' AND c."StoppedAt" IS NOT NULL AND c."ElapsedTicksAtStop" IS NOT NULL;
                UPDATE tickets t SET "RegulatoryMet" = c."Status" = 'Met'
                FROM sla_clocks c WHERE c."TicketId" = t."Id" AND c."Kind" = 'Regulatory' AND c."StoppedAt" IS NOT NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RegulatoryMet",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "ResolutionMet",
                table: "tickets");

            migrationBuilder.DropColumn(
                name: "ResolutionMinutes",
                table: "tickets");
        }
    }
}
