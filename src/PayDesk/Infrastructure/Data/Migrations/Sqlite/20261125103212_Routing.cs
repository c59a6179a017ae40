using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Routing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_profiles",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Team = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Skills = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ChatCapacity = table.Column<int>(type: "INTEGER", nullable: false),
                    CallCapacity = table.Column<int>(type: "INTEGER", nullable: false),
                    TicketCapacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Presence = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PresenceSince = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAssignedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_profiles", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "service_teams",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Calendar = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Categories = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Channels = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Strategy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_service_teams", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_profiles_Team_Presence",
                table: "agent_profiles",
                columns: new[] { "Team", "Presence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_profiles");

            migrationBuilder.DropTable(
                name: "service_teams");
        }
    }
}
