using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Subject = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AgentId = table.Column<Guid>(type: "uuid", nullable: true),
                    Team = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    WorkAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    Points = table.Column<double>(type: "double precision", nullable: false),
                    MaxPoints = table.Column<double>(type: "double precision", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: true),
                    ReviewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReopenCount = table.Column<int>(type: "integer", nullable: false),
                    ResolvedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_automatic_reviews", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_phrases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Text = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Note = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_phrases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "quality_automatic_review_items",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ReviewId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemKey = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Points = table.Column<double>(type: "double precision", nullable: false),
                    MaxPoints = table.Column<double>(type: "double precision", nullable: false),
                    Detail = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_quality_automatic_review_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_quality_automatic_review_items_quality_automatic_reviews_Re~",
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
