using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Knowledge : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Full-text search (decision 0009): FTS5 tables over jieba-segmented text, rows keyed by search_keys.
            migrationBuilder.Sql("CREATE TABLE search_keys (id INTEGER PRIMARY KEY AUTOINCREMENT, doc_type TEXT NOT NULL, doc_key TEXT NOT NULL, parent_key TEXT NOT NULL, UNIQUE (doc_type, doc_key));");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_articles USING fts5(title, body, doc_type UNINDEXED, locale UNINDEXED, visibility UNINDEXED, category UNINDEXED, tokenize = 'unicode61');");
            migrationBuilder.Sql("CREATE VIRTUAL TABLE search_tickets USING fts5(title, body, doc_type UNINDEXED, locale UNINDEXED, visibility UNINDEXED, category UNINDEXED, tokenize = 'unicode61');");
            // ORDER BY rank is BM25 with a match in the title worth four in the body.
            migrationBuilder.Sql("INSERT INTO search_articles (search_articles, rank) VALUES ('rank', 'bm25(4.0, 1.0)');");
            migrationBuilder.Sql("INSERT INTO search_tickets (search_tickets, rank) VALUES ('rank', 'bm25(4.0, 1.0)');");

            migrationBuilder.CreateTable(
                name: "articles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Related = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Visibility = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PublishedTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PublishedBody = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: true),
                    PublishedHtml = table.Column<string>(type: "TEXT", nullable: true),
                    PublishedVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    HelpfulYes = table.Column<int>(type: "INTEGER", nullable: false),
                    HelpfulNo = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_articles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "deflections",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CustomerId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Query = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Suggested = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Opened = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TicketId = table.Column<Guid>(type: "TEXT", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deflections", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "macros",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Locale = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_macros", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "article_revisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ChangedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_article_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_article_revisions_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "article_votes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ArticleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Voter = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Helpful = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_article_votes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_article_votes_articles_ArticleId",
                        column: x => x.ArticleId,
                        principalTable: "articles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_article_revisions_ArticleId_Id",
                table: "article_revisions",
                columns: new[] { "ArticleId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_article_votes_ArticleId_Voter",
                table: "article_votes",
                columns: new[] { "ArticleId", "Voter" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_articles_Category_Locale",
                table: "articles",
                columns: new[] { "Category", "Locale" });

            migrationBuilder.CreateIndex(
                name: "IX_articles_Slug_Locale",
                table: "articles",
                columns: new[] { "Slug", "Locale" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_articles_Status",
                table: "articles",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_deflections_At",
                table: "deflections",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_macros_Key_Locale",
                table: "macros",
                columns: new[] { "Key", "Locale" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_tickets;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_articles;");
            migrationBuilder.Sql("DROP TABLE IF EXISTS search_keys;");

            migrationBuilder.DropTable(
                name: "article_revisions");

            migrationBuilder.DropTable(
                name: "article_votes");

            migrationBuilder.DropTable(
                name: "deflections");

            migrationBuilder.DropTable(
                name: "macros");

            migrationBuilder.DropTable(
                name: "articles");
        }
    }
}
