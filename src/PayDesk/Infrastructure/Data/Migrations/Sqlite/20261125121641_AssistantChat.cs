using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AssistantChat : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BotFailures",
                table: "conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "BotIntent",
                table: "conversations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BotSerial",
                table: "conversations",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BotStage",
                table: "conversations",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "CodeAttempts",
                table: "conversations",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "CodeExpiresAt",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CodeHash",
                table: "conversations",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HandOffNote",
                table: "conversations",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "VerifiedAt",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "FromBot",
                table: "chat_messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "BotFailures",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "BotIntent",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "BotSerial",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "BotStage",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "CodeAttempts",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "CodeExpiresAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "CodeHash",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "HandOffNote",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "VerifiedAt",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "FromBot",
                table: "chat_messages");
        }
    }
}
