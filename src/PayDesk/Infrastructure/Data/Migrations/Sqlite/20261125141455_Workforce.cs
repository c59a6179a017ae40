using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Workforce : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "contact_intervals",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Offered = table.Column<int>(type: "INTEGER", nullable: false),
                    Handled = table.Column<int>(type: "INTEGER", nullable: false),
                    HandleSeconds = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_contact_intervals", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "marked_days",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Date = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ExpectedUplift = table.Column<double>(type: "REAL", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_marked_days", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_contact_intervals_Channel_StartUtc_Source",
                table: "contact_intervals",
                columns: new[] { "Channel", "StartUtc", "Source" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_contact_intervals_StartUtc",
                table: "contact_intervals",
                column: "StartUtc");

            migrationBuilder.CreateIndex(
                name: "IX_marked_days_Date",
                table: "marked_days",
                column: "Date");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "contact_intervals");

            migrationBuilder.DropTable(
                name: "marked_days");
        }
    }
}
