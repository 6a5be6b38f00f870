using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AccessBroker.Persistence.Migrations.Postgres
{
    /// <summary>
    /// Makes <c>audit_records</c> a table partitioned by ranges of <c>Sequence</c>. Appends cost one B-tree insertion per
    /// index, and that cost grows with the index: a partition's indexes stay as small as its range, so the append rate
    /// no longer falls as the log grows. The EF Core model does not change: queries and the writer see one table.
    /// The records stored so far become the first partition, covering every sequence up to the current tail; the audit
    /// writer attaches the following partitions as the chain reaches them (<c>AuditPartitions</c>).
    /// </summary>
    public partial class PartitionAuditRecords : Migration
    {
        // The indexes EF Core's model declares (AuditRecordConfiguration), created on the partitioned table so every
        // partition gets them. Attaching the stored table adopts its identical indexes instead of building new ones.
        private const string ParentIndexes = """
            ALTER TABLE audit_records ADD CONSTRAINT "PK_audit_records" PRIMARY KEY ("Sequence");
            CREATE INDEX "IX_audit_records_Action_Sequence" ON audit_records ("Action", "Sequence");
            CREATE INDEX "IX_audit_records_ActorSubject_Sequence" ON audit_records ("ActorSubject", "Sequence");
            CREATE INDEX "IX_audit_records_GrantId_Sequence" ON audit_records ("GrantId", "Sequence");
            CREATE INDEX "IX_audit_records_Outcome_Sequence" ON audit_records ("Outcome", "Sequence") WHERE "Outcome" <> 'Succeeded';
            CREATE INDEX "IX_audit_records_RequestId_Sequence" ON audit_records ("RequestId", "Sequence");
            CREATE INDEX "IX_audit_records_TargetCluster_TargetNamespace_Sequence" ON audit_records ("TargetCluster", "TargetNamespace", "Sequence");
            CREATE INDEX "IX_audit_records_Time_Sequence" ON audit_records ("Time", "Sequence");
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                DO $migration$
                DECLARE
                    upper_bound bigint;
                    first_partition text;
                    index_name text;
                BEGIN
                    SELECT coalesce(max("Sequence"), 0) + 1 INTO upper_bound FROM audit_records;
                    first_partition := 'audit_records_before_' || upper_bound;
                    EXECUTE format('ALTER TABLE audit_records RENAME TO %I', first_partition);
                    -- The partitioned table takes over the index names EF Core knows; the stored table's keep theirs with a suffix.
                    FOR index_name IN SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = first_partition LOOP
                        EXECUTE format('ALTER INDEX %I RENAME TO %I', index_name, left(index_name, 40) || '_' || upper_bound);
                    END LOOP;
                    EXECUTE format('CREATE TABLE audit_records (LIKE %I INCLUDING DEFAULTS INCLUDING STORAGE) PARTITION BY RANGE ("Sequence")', first_partition);
                    {{ParentIndexes}}
                    EXECUTE format('ALTER TABLE audit_records ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%s)', first_partition, upper_bound);
                END
                $migration$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($$"""
                ALTER TABLE audit_records RENAME TO audit_records_partitioned;
                CREATE TABLE audit_records (LIKE audit_records_partitioned INCLUDING DEFAULTS INCLUDING STORAGE);
                INSERT INTO audit_records SELECT * FROM audit_records_partitioned ORDER BY "Sequence";
                DROP TABLE audit_records_partitioned;
                {{ParentIndexes}}
                """);
        }
    }
}
