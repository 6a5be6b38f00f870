using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessBroker.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "access_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Duration = table.Column<long>(type: "INTEGER", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Policy = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    RequiredApprovals = table.Column<int>(type: "INTEGER", nullable: false),
                    ApproverGroups = table.Column<string>(type: "TEXT", nullable: false),
                    DecisionJson = table.Column<string>(type: "TEXT", nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PendingUntil = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClosingComment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    RequesterEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    RequesterGroups = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequesterSubject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_access_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit_records",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Time = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ActorSubject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ActorGroups = table.Column<string>(type: "TEXT", nullable: false),
                    ActorIp = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ActorUserAgent = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    TargetCluster = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    TargetNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    TargetKind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TargetName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    GrantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DetailsJson = table.Column<string>(type: "TEXT", nullable: true),
                    TraceId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_records", x => x.Sequence);
                    table.UniqueConstraint("AK_audit_records_Id", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "grants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Cluster = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Approvers = table.Column<string>(type: "TEXT", nullable: false),
                    ServiceAccountNamespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: true),
                    ServiceAccountName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    RoleBindingName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    RequesterEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    RequesterGroups = table.Column<string>(type: "TEXT", nullable: false),
                    RequesterName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequesterSubject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "approvals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApproverSubject = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ApproverName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Approved = table.Column<bool>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_approvals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_approvals_access_requests_RequestId",
                        column: x => x.RequestId,
                        principalTable: "access_requests",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_CreatedAt",
                table: "access_requests",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_IdempotencyKey",
                table: "access_requests",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_access_requests_Status",
                table: "access_requests",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_approvals_RequestId_ApproverSubject",
                table: "approvals",
                columns: new[] { "RequestId", "ApproverSubject" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Action_Sequence",
                table: "audit_records",
                columns: new[] { "Action", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_ActorSubject_Sequence",
                table: "audit_records",
                columns: new[] { "ActorSubject", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_GrantId_Sequence",
                table: "audit_records",
                columns: new[] { "GrantId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Outcome_Sequence",
                table: "audit_records",
                columns: new[] { "Outcome", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_RequestId_Sequence",
                table: "audit_records",
                columns: new[] { "RequestId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_TargetCluster_TargetNamespace_Sequence",
                table: "audit_records",
                columns: new[] { "TargetCluster", "TargetNamespace", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_audit_records_Time",
                table: "audit_records",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_grants_RequestId",
                table: "grants",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_grants_Status_EndsAt",
                table: "grants",
                columns: new[] { "Status", "EndsAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "approvals");

            migrationBuilder.DropTable(
                name: "audit_records");

            migrationBuilder.DropTable(
                name: "grants");

            migrationBuilder.DropTable(
                name: "access_requests");
        }
    }
}
