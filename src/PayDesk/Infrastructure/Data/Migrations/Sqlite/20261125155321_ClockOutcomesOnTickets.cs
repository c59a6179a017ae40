using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "ResolutionMet",
                table: "tickets",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ResolutionMinutes",
                table: "tickets",
                type: "INTEGER",
                nullable: true);

            // Complaints whose clocks already stopped get their outcome copied over.
            migrationBuilder.Sql("""
                UPDATE tickets SET
                  "ResolutionMinutes" = (SELECT c."ElapsedTicksAtStop" / 600000000 FROM sla_clocks c WHERE c."TicketId" = tickets."Id" AND c."Kind" = 'Resolution' AND c."ElapsedTicksAtStop" IS NOT NULL),
                  "ResolutionMet" = (SELECT c."Status" = 'Met' FROM sla_clocks c WHERE c."TicketId" = tickets."Id" AND c."Kind" = 'Resolution' AND c."Status" IN ('Met', 'Breached') AND c."StoppedAt" IS NOT NULL),
                  "RegulatoryMet" = (SELECT c."Status" = 'Met' FROM sla_clocks c WHERE c."TicketId" = tickets."Id" AND c."Kind" = 'Regulatory' AND c."Status" IN ('Met', 'Breached') AND c."StoppedAt" IS NOT NULL);
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
