using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessBroker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_records_Outcome_Sequence",
                table: "audit_records");

            migrationBuilder.DropIndex(
                name: "IX_audit_records_Time",
                table: "audit_records");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Outcome_Sequence",
                table: "audit_records",
                columns: new[] { "Outcome", "Sequence" },
                filter: "\"Outcome\" <> 'Succeeded'");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Time_Sequence",
                table: "audit_records",
                columns: new[] { "Time", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_audit_records_Outcome_Sequence",
                table: "audit_records");

            migrationBuilder.DropIndex(
                name: "IX_audit_records_Time_Sequence",
                table: "audit_records");

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Outcome_Sequence",
                table: "audit_records",
                columns: new[] { "Outcome", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Time",
                table: "audit_records",
                column: "Time");
        }
    }
}
