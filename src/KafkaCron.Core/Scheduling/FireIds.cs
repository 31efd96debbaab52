using System.Buffers.Binary;
using System.Security.Cryptography;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Mints fire ids: UUIDv7 (RFC 9562), the Unix milliseconds of the given instant followed by 74 random bits, as
/// <see cref="Guid.CreateVersion7(DateTimeOffset)"/> makes them. That one asks the operating system for ten random bytes
/// on every call, a system call per fire; here the same cryptographic generator fills a buffer per thread that serves
/// a few hundred ids.
/// </summary>
public static class FireIds
{
    private const int RandomBytes = 10;
    private const int BufferedIds = 400;

    [ThreadStatic]
    private static byte[]? t_random;

    [ThreadStatic]
    private static int t_used;

    /// <summary>A new UUIDv7 whose timestamp is <paramref name="instant"/>, to the millisecond.</summary>
    public static Guid NewVersion7(DateTimeOffset instant)
    {
        var milliseconds = instant.ToUnixTimeMilliseconds();
        if (milliseconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instant), instant, "a UUIDv7 holds no instant before 1970");
        }

        var random = t_random ??= new byte[RandomBytes * BufferedIds];
        if (t_used == 0)
        {
            RandomNumberGenerator.Fill(random);
        }

        var bits = random.AsSpan(t_used * RandomBytes, RandomBytes);
        t_used = (t_used + 1) % BufferedIds;

        // RFC 9562 layout, big-endian: 48 bits of milliseconds, version 7 and 12 random bits, variant 0b10 and 62 random bits.
        Span<byte> uuid = stackalloc byte[16];
        BinaryPrimitives.WriteInt64BigEndian(uuid, milliseconds << 16);
        uuid[6] = (byte)(0x70 | (bits[0] & 0x0F));
        uuid[7] = bits[1];
        uuid[8] = (byte)(0x80 | (bits[2] & 0x3F));
        bits[3..].CopyTo(uuid[9..]);
        return new Guid(uuid, bigEndian: true);
    }
}
