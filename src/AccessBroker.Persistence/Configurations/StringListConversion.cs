using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AccessBroker.Persistence.Configurations;

/// <summary>Stores a list of strings (groups, approvers) as a JSON array in one text column on every provider.</summary>
internal static class StringListConversion
{
    private static readonly ValueConverter<IReadOnlyList<string>, string> Converter = new(
        list => JsonSerializer.Serialize(list, JsonSerializerOptions.Default),
        json => JsonSerializer.Deserialize<string[]>(json, JsonSerializerOptions.Default) ?? Array.Empty<string>());

    private static readonly ValueComparer<IReadOnlyList<string>> Comparer = new(
        (left, right) => (left ?? Array.Empty<string>()).SequenceEqual(right ?? Array.Empty<string>()),
        list => list.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        list => list.ToArray());

    public static PropertyBuilder<IReadOnlyList<string>> HasJsonConversion(this PropertyBuilder<IReadOnlyList<string>> property) =>
        property.HasConversion(Converter, Comparer).IsRequired();

    public static ComplexTypePropertyBuilder<IReadOnlyList<string>> HasJsonConversion(this ComplexTypePropertyBuilder<IReadOnlyList<string>> property) =>
        property.HasConversion(Converter, Comparer).IsRequired();
}
