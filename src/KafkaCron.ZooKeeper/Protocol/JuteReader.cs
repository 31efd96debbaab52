using System.Buffers.Binary;
using System.Text;

namespace KafkaCron.ZooKeeper.Protocol;

/// <summary>Reads jute-encoded fields from one received packet (the length prefix already removed).</summary>
internal sealed class JuteReader(ReadOnlyMemory<byte> packet)
{
    private int _position;

    public bool AtEnd => _position >= packet.Length;

    public int ReadInt() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public long ReadLong() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool ReadBool() => Take(1)[0] != 0;

    public string? ReadString()
    {
        var length = ReadInt();
        return length < 0 ? null : Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>A null buffer reads as empty: ZooKeeper does not tell "no data" from "empty data" in znodes.</summary>
    public byte[] ReadBuffer()
    {
        var length = ReadInt();
        return length <= 0 ? [] : Take(length).ToArray();
    }

    public IReadOnlyList<string> ReadStringVector()
    {
        var count = ReadInt();
        if (count <= 0)
        {
            return [];
        }

        var values = new List<string>(Math.Min(count, 4096));
        for (var i = 0; i < count; i++)
        {
            values.Add(ReadString() ?? throw new InvalidDataException("null string in a string vector"));
        }

        return values;
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > packet.Length - _position)
        {
            throw new InvalidDataException(FormattableString.Invariant(
                $"truncated ZooKeeper packet: wanted {count} bytes at offset {_position} of {packet.Length}"));
        }

        var span = packet.Span.Slice(_position, count);
        _position += count;
        return span;
    }
}
