using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Surveys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "surveys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    TicketNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    ConversationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CallId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Team = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AnsweredAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Score = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstContactResolved = table.Column<bool>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_surveys", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_CallId",
                table: "surveys",
                column: "CallId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_ConversationId",
                table: "surveys",
                column: "ConversationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_surveys_CustomerId_Kind_SentAt",
                table: "surveys",
                columns: new[] { "CustomerId", "Kind", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_Kind_AnsweredAt",
                table: "surveys",
                columns: new[] { "Kind", "AnsweredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_surveys_TicketId",
                table: "surveys",
                column: "TicketId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "surveys");
        }
    }
}
