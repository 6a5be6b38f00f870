using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessBroker.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditWithoutIdKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropUniqueConstraint(
                name: "AK_audit_records_Id",
                table: "audit_records");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddUniqueConstraint(
                name: "AK_audit_records_Id",
                table: "audit_records",
                column: "Id");
        }
    }
}
