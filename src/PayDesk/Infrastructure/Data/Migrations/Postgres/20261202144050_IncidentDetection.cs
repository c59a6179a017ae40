using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class IncidentDetection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ClusterSize",
                table: "incident_suggestions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "incident_suggestions",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NotifiedAt",
                table: "incident_suggestions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ScopeKey",
                table: "incident_suggestions",
                type: "character varying(80)",
                maxLength: 80,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_incident_suggestions_ScopeKey",
                table: "incident_suggestions",
                column: "ScopeKey",
                unique: true,
                filter: "\"Status\" = 'Open'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_incident_suggestions_ScopeKey",
                table: "incident_suggestions");

            migrationBuilder.DropColumn(
                name: "ClusterSize",
                table: "incident_suggestions");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "incident_suggestions");

            migrationBuilder.DropColumn(
                name: "NotifiedAt",
                table: "incident_suggestions");

            migrationBuilder.DropColumn(
                name: "ScopeKey",
                table: "incident_suggestions");
        }
    }
}
