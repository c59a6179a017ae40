using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class QualityAutomaticReview : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
                name: "IX_quality_phrases_Kind_Text",
                table: "quality_phrases",
                columns: new[] { "Kind", "Text" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "quality_automatic_review_items");

            migrationBuilder.DropTable(
                name: "quality_phrases");

            migrationBuilder.DropTable(
                name: "quality_automatic_reviews");
        }
    }
}
