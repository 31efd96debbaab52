using System.Text;

namespace KafkaCron.Worker.Execution;

/// <summary>
/// Keeps the last <c>capacity</c> bytes written to it in a ring, whatever the total: a job may print gigabytes,
/// the worker holds a fixed few KiB and still shows the end, where the error usually is.
/// </summary>
internal sealed class OutputTail
{
    private readonly byte[] _ring;
    private int _next;
    private int _count;

    public OutputTail(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new byte[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>Every byte ever appended, kept or not.</summary>
    public long TotalBytes { get; private set; }

    public bool Truncated => TotalBytes > _count;

    public void Append(ReadOnlySpan<byte> data)
    {
        TotalBytes += data.Length;
        if (data.Length >= _ring.Length)
        {
            data[^_ring.Length..].CopyTo(_ring);
            _next = 0;
            _count = _ring.Length;
            return;
        }

        var first = Math.Min(data.Length, _ring.Length - _next);
        data[..first].CopyTo(_ring.AsSpan(_next));
        data[first..].CopyTo(_ring);
        _next = (_next + data.Length) % _ring.Length;
        _count = Math.Min(_ring.Length, _count + data.Length);
    }

    /// <summary>The kept bytes, oldest first.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[_count];
        var oldest = _count < _ring.Length ? 0 : _next;
        var firstPart = Math.Min(_count, _ring.Length - oldest);
        _ring.AsSpan(oldest, firstPart).CopyTo(bytes);
        _ring.AsSpan(0, _count - firstPart).CopyTo(bytes.AsSpan(firstPart));
        return bytes;
    }

    /// <summary>The kept bytes as UTF-8 text; a character cut in two at the start of a truncated tail is dropped.</summary>
    public override string ToString()
    {
        var bytes = ToArray().AsSpan();
        if (Truncated)
        {
            var skip = 0;
            // UTF-8 continuation bytes look like 10xxxxxx; a character has at most three of them.
            while (skip < Math.Min(3, bytes.Length) && (bytes[skip] & 0xC0) == 0x80)
            {
                skip++;
            }

            bytes = bytes[skip..];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
