using System.Buffers.Binary;
using System.Buffers.Text;

namespace AccessBroker.Api.Features.Audit;

/// <summary>An opaque keyset cursor: the sequence of the last record on the previous page.</summary>
internal static class SequenceCursor
{
    public static string Encode(long sequence)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, sequence);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? cursor, out long? sequence)
    {
        sequence = null;
        if (cursor is null)
        {
            return true;
        }

        Span<byte> bytes = stackalloc byte[sizeof(long) + 2];
        if (Base64Url.TryDecodeFromChars(cursor, bytes, out var written) && written == sizeof(long)
            && BinaryPrimitives.ReadInt64BigEndian(bytes) is > 0 and var decoded)
        {
            sequence = decoded;
            return true;
        }

        return false;
    }
}
