using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PayDesk.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class QualityWeekChinaTime : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Scorecard weeks start on Monday 00:00 China time (QualityWeek), no longer on the UTC Monday: the stored weeks of
            // work done between 00:00 and 08:00 on a Monday move to their own week.
            foreach (var table in new[] { "quality_reviews", "quality_automatic_reviews" })
            {
                migrationBuilder.Sql($"UPDATE {table} SET \"WeekStart\" = date_trunc('week', (\"WorkAt\" AT TIME ZONE 'UTC') + interval '8 hours')::date;");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "quality_reviews", "quality_automatic_reviews" })
            {
                migrationBuilder.Sql($"UPDATE {table} SET \"WeekStart\" = date_trunc('week', \"WorkAt\" AT TIME ZONE 'UTC')::date;");
            }
        }
    }
}
