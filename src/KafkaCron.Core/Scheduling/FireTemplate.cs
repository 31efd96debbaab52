using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Scheduling;

/// <summary>
/// One job's first-attempt fire message, encoded once, with gaps for the four values that change from fire to fire:
/// the fire id, the scheduled and published instants and the epoch. <see cref="Encode"/> fills them in and yields
/// exactly the bytes of <c>FireMessageCodec.Encode(FireMessageFactory.Create(job, scheduledAt, publishedAt, fireId,
/// epoch))</c>, for a copy and three short formats instead of a serialisation. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// The template is cut from the codec's own output, never written by hand. The job's fire is encoded twice, with
/// placeholder values of equal length that differ in their first character, and the bytes where the two encodings
/// differ are the gaps; everything else is the codec's, whatever the job holds (escaped text, unicode, env, args)
/// and whatever optional fields the message gains. What is ours is only the formatting of the four values, which
/// follows System.Text.Json's: a fire id as a GUID (nothing to escape), an instant in UTC as its round-trip form with
/// trailing zeros of the fraction trimmed, an epoch as an integer, and a null epoch as no <c>epoch</c> field at all.
/// A job name of letters, digits, '-', '_' and '.' (which no JSON encoder escapes) is a gap as well, filled with the
/// record key: the templates of jobs that differ only in their names then share one <see cref="FireTemplateShape"/>
/// (<see cref="FireTemplateParts"/>), a few hundred bytes less per job. Any other name stays in the constant bytes.
/// </remarks>
public sealed class FireTemplate
{
    /// <summary>The longest value a gap takes: a GUID (an instant takes 33 bytes at most, an epoch 20).</summary>
    private const int MaxValueLength = 36;

    // Placeholders: each pair has one length and differs in its first character, which names the gap it marks.
    private const string FireIdA = "aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa";
    private const string FireIdB = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb";
    private const long EpochA = 5_555_555_555_555_555_555;
    private const long EpochB = 6_666_666_666_666_666_666;

    // Sub-second ticks make the instants full-length: no trailing zero of their fraction is trimmed.
    private static readonly DateTimeOffset ScheduledA = new DateTimeOffset(1111, 11, 11, 11, 11, 11, TimeSpan.Zero).AddTicks(1_111_111);
    private static readonly DateTimeOffset ScheduledB = new DateTimeOffset(2222, 12, 22, 22, 22, 22, TimeSpan.Zero).AddTicks(2_222_222);
    private static readonly DateTimeOffset PublishedA = new DateTimeOffset(3333, 3, 3, 3, 3, 3, TimeSpan.Zero).AddTicks(3_333_333);
    private static readonly DateTimeOffset PublishedB = new DateTimeOffset(4444, 4, 4, 4, 4, 4, TimeSpan.Zero).AddTicks(4_444_444);

    private static readonly StandardFormat RoundTrip = new('O');

    /// <summary>The encoded text of each value gap's two placeholders, by <see cref="FireTemplateGap"/>.</summary>
    private static readonly (byte[] A, byte[] B)[] Placeholders =
    [
        (Encoding.UTF8.GetBytes(FireIdA), Encoding.UTF8.GetBytes(FireIdB)),
        (Instant(ScheduledA), Instant(ScheduledB)),
        (Instant(PublishedA), Instant(PublishedB)),
        (Encoding.UTF8.GetBytes(EpochA.ToString(CultureInfo.InvariantCulture)), Encoding.UTF8.GetBytes(EpochB.ToString(CultureInfo.InvariantCulture))),
    ];

    /// <summary>What precedes the epoch's value; left out with it when the epoch is null, as the codec omits nulls.</summary>
    private static readonly byte[] EpochName = ",\"epoch\":"u8.ToArray();

    private readonly FireTemplateShape _shape;

    private FireTemplate(JobDefinition job, FireTemplateShape shape)
    {
        Job = job;
        Key = Encoding.UTF8.GetBytes(job.Name);
        _shape = shape;
    }

    /// <summary>The job this template encodes fires of.</summary>
    public JobDefinition Job { get; }

    /// <summary>The record key of the job's fires: its name in UTF-8.</summary>
    public byte[] Key { get; }

    /// <summary>Cuts the template of <paramref name="job"/>'s fires from two encodings by <see cref="FireMessageCodec"/>.</summary>
    /// <param name="parts">
    /// Where templates built together keep their constant parts once (most of a job's message is the same as its
    /// neighbours', all but the name often). Null keeps this template's own.
    /// </param>
    public static FireTemplate For(JobDefinition job, FireTemplateParts? parts = null)
    {
        // A name that JSON writes as it is becomes a gap too, so that jobs differing only in their names share one shape.
        var shape = (WrittenAsIs(job.Name) ? Cut(job, nameGap: true, parts) : null) ?? Cut(job, nameGap: false, parts)
            ?? throw new InvalidOperationException($"the fires of {job.Name} do not show the gaps of a fire message");
        return new FireTemplate(job, parts?.Shape(shape) ?? shape);
    }

    /// <summary>
    /// The shape of <paramref name="job"/>'s message, its runs taken from <paramref name="parts"/>, or null when its
    /// gaps are not where a fire's are.
    /// </summary>
    private static FireTemplateShape? Cut(JobDefinition job, bool nameGap, FireTemplateParts? parts)
    {
        var nameA = nameGap ? new string('n', job.Name.Length) : job.Name;
        var nameB = nameGap ? new string('m', job.Name.Length) : job.Name;
        var a = FireMessageCodec.Encode(FireMessageFactory.Create(job with { Name = nameA }, ScheduledA, PublishedA, FireIdA, EpochA));
        var b = FireMessageCodec.Encode(FireMessageFactory.Create(job with { Name = nameB }, ScheduledB, PublishedB, FireIdB, EpochB));
        if (a.Length != b.Length)
        {
            return null;
        }

        var constant = new byte[a.Length];
        var constantLength = 0;
        var gaps = new List<Gap>(5);
        for (var i = 0; i < a.Length;)
        {
            if (a[i] == b[i])
            {
                constant[constantLength++] = a[i++];
                continue;
            }

            FireTemplateGap? kind = a[i] switch
            {
                (byte)'a' => FireTemplateGap.FireId,
                (byte)'1' => FireTemplateGap.ScheduledAt,
                (byte)'3' => FireTemplateGap.PublishedAt,
                (byte)'5' => FireTemplateGap.Epoch,
                (byte)'n' when nameGap => FireTemplateGap.Name,
                _ => null,
            };
            var (placeholderA, placeholderB) = kind == FireTemplateGap.Name
                ? (Encoding.UTF8.GetBytes(nameA), Encoding.UTF8.GetBytes(nameB))
                : kind is { } value ? Placeholders[(int)value] : ([], []);
            if (kind is null || gaps.Exists(gap => gap.Kind == kind) || !a.AsSpan(i).StartsWith(placeholderA) || !b.AsSpan(i).StartsWith(placeholderB))
            {
                return null;
            }

            gaps.Add(new Gap(kind.Value, constantLength));
            i += placeholderA.Length;
        }

        var epoch = gaps.Find(gap => gap.Kind == FireTemplateGap.Epoch);
        if (gaps.Count != (nameGap ? 5 : 4) || !constant.AsSpan(0, epoch.Offset).EndsWith(EpochName))
        {
            return null;
        }

        var segments = new byte[gaps.Count + 1][];
        var from = 0;
        for (var i = 0; i <= gaps.Count; i++)
        {
            var upTo = i < gaps.Count ? gaps[i].Offset : constantLength;
            var segment = constant[from..upTo];
            segments[i] = parts?.Run(segment) ?? segment;
            from = upTo;
        }

        return new FireTemplateShape([.. gaps.Select(gap => gap.Kind)], segments);
    }

    /// <summary>Letters, digits, '-', '_' and '.': what every JSON encoder writes unescaped.</summary>
    private static bool WrittenAsIs(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The fire's message, byte for byte what the codec makes of it.</summary>
    public byte[] Encode(DateTimeOffset scheduledAt, DateTimeOffset publishedAt, Guid fireId, long? epoch)
    {
        // The values first, so that the message is allocated once at its exact length.
        Span<byte> values = stackalloc byte[4 * MaxValueLength];
        Span<int> lengths = stackalloc int[5];
        lengths[(int)FireTemplateGap.Name] = _shape.NamesTheJob ? Key.Length : 0;
        lengths[(int)FireTemplateGap.FireId] = Written(fireId.TryFormat(Value(values, FireTemplateGap.FireId), out var idLength), idLength);
        lengths[(int)FireTemplateGap.ScheduledAt] = WriteInstant(scheduledAt, Value(values, FireTemplateGap.ScheduledAt));
        lengths[(int)FireTemplateGap.PublishedAt] = WriteInstant(publishedAt, Value(values, FireTemplateGap.PublishedAt));
        lengths[(int)FireTemplateGap.Epoch] = epoch is { } number
            ? Written(number.TryFormat(Value(values, FireTemplateGap.Epoch), out var digits, provider: CultureInfo.InvariantCulture), digits)
            : -EpochName.Length;

        var gaps = _shape.Gaps;
        var segments = _shape.Segments;
        var message = GC.AllocateUninitializedArray<byte>(
            _shape.ConstantLength + lengths[0] + lengths[1] + lengths[2] + lengths[3] + lengths[4]);
        var length = 0;
        for (var i = 0; i < gaps.Length; i++)
        {
            // A negative length leaves out the value and, with it, its name at the end of the segment before it.
            var value = lengths[(int)gaps[i]];
            var segment = value < 0 ? segments[i].AsSpan(0, segments[i].Length + value) : segments[i];
            segment.CopyTo(message.AsSpan(length));
            length += segment.Length;
            if (value > 0)
            {
                (gaps[i] == FireTemplateGap.Name ? Key : Value(values, gaps[i])[..value]).CopyTo(message.AsSpan(length));
                length += value;
            }
        }

        segments[^1].CopyTo(message.AsSpan(length));
        return message;
    }

    private static Span<byte> Value(Span<byte> values, FireTemplateGap kind) => values.Slice((int)kind * MaxValueLength, MaxValueLength);

    /// <summary>An instant as System.Text.Json writes a DateTimeOffset, after the factory's conversion to UTC.</summary>
    private static int WriteInstant(DateTimeOffset instant, Span<byte> destination)
    {
        if (!Utf8Formatter.TryFormat(instant.ToUniversalTime(), destination, out var written, RoundTrip))
        {
            throw new InvalidOperationException("no room for an instant");
        }

        // "yyyy-MM-ddTHH:mm:ss.fffffff+00:00": the fraction loses its trailing zeros, and its dot when nothing is left.
        const int FractionStart = 20;
        const int FractionDigits = 7;
        var keep = FractionDigits;
        while (keep > 0 && destination[FractionStart + keep - 1] == (byte)'0')
        {
            keep--;
        }

        var cut = keep == 0 ? FractionDigits + 1 : FractionDigits - keep;
        destination[(FractionStart + FractionDigits)..written].CopyTo(destination[(FractionStart + FractionDigits - cut)..]);
        return written - cut;
    }

    private static int Written(bool formatted, int written) =>
        formatted ? written : throw new InvalidOperationException("no room for a value");

    private static byte[] Instant(DateTimeOffset instant)
    {
        Span<byte> buffer = stackalloc byte[MaxValueLength];
        return buffer[..WriteInstant(instant, buffer)].ToArray();
    }

    private readonly record struct Gap(FireTemplateGap Kind, int Offset);
}
