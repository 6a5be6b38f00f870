using AccessBroker.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;
using NpgsqlTypes;

namespace AccessBroker.Persistence.Audit;

/// <summary>Inserts a batch of new records in the current transaction.</summary>
internal static class AuditRecordInsert
{
    public static async Task InsertAsync(AccessBrokerDbContext database, IReadOnlyList<AuditRecord> records)
    {
        if (database.Database.GetDbConnection() is NpgsqlConnection connection)
        {
            await CopyAsync(database.Model.FindEntityType(typeof(AuditRecord))!, connection, records);
            return;
        }

        database.ChangeTracker.AutoDetectChangesEnabled = false;
        database.AuditRecords.AddRange(records);
        await database.SaveChangesAsync();
    }

    /// <summary>
    /// PostgreSQL's binary COPY is an order of magnitude faster than EF Core's batched INSERTs for thousands of rows.
    /// Columns and value conversions come from the EF Core model, so the copy stores exactly what EF Core would.
    /// </summary>
    private static async Task CopyAsync(IEntityType entity, NpgsqlConnection connection, IReadOnlyList<AuditRecord> records)
    {
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var properties = entity.GetProperties().ToArray();
        var columns = string.Join(", ", properties.Select(property => $"\"{property.GetColumnName(table)}\""));
        var converters = properties.Select(property => property.GetTypeMapping().Converter).ToArray();
        var getters = properties.Select(property => property.GetGetter()).ToArray();
        var types = properties.Select(property => StoreType(property.GetTypeMapping().Converter?.ProviderClrType ?? property.ClrType)).ToArray();

        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)");
        foreach (var record in records)
        {
            await writer.StartRowAsync();
            for (var i = 0; i < properties.Length; i++)
            {
                var value = getters[i].GetClrValue(record);
                if (value is not null && converters[i] is { } converter)
                {
                    value = converter.ConvertToProvider(value);
                }

                if (value is null)
                {
                    await writer.WriteNullAsync();
                }
                else
                {
                    await writer.WriteAsync(value, types[i]);
                }
            }
        }

        await writer.CompleteAsync();
    }

    /// <summary>Naming each value's PostgreSQL type spares Npgsql resolving it from the boxed value on every write.</summary>
    private static NpgsqlDbType StoreType(Type clrType) => (Nullable.GetUnderlyingType(clrType) ?? clrType) switch
    {
        var type when type == typeof(long) => NpgsqlDbType.Bigint,
        var type when type == typeof(Guid) => NpgsqlDbType.Uuid,
        var type when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
        var type when type == typeof(string) => NpgsqlDbType.Text,
        var type => throw new NotSupportedException($"Audit column type {type.Name} has no COPY mapping."),
    };
}
