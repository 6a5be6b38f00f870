using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace AccessBroker.Api.Features.Requests;

/// <summary>An opaque keyset cursor: the creation time of the last item on the previous page.</summary>
internal static class CreatedAtCursor
{
    public static string Encode(DateTimeOffset createdAt) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(createdAt.UtcTicks.ToString(CultureInfo.InvariantCulture)));

    public static bool TryDecode(string? cursor, out DateTimeOffset? createdAt)
    {
        createdAt = null;
        if (cursor is null)
        {
            return true;
        }

        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks >= DateTimeOffset.MinValue.UtcTicks && ticks <= DateTimeOffset.MaxValue.UtcTicks)
            {
                createdAt = new DateTimeOffset(ticks, TimeSpan.Zero);
                return true;
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }
}
