using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SocialConversations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "conversations",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Chat");

            migrationBuilder.AddColumn<string>(
                name: "ExternalUserId",
                table: "conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_conversations_Channel_ExternalUserId_Status",
                table: "conversations",
                columns: new[] { "Channel", "ExternalUserId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_conversations_Channel_ExternalUserId_Status",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "ExternalUserId",
                table: "conversations");
        }
    }
}
