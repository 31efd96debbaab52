namespace KafkaCron.Core.Scheduling;

/// <summary>
/// What a <see cref="FireTemplate"/> holds besides its job: the gaps in the order they appear and the constant bytes
/// around them (segment i comes before gap i, the last segment after the last gap). Jobs whose messages differ only in
/// their names have equal shapes, and <see cref="FireTemplateParts"/> keeps one of them for all. Immutable.
/// </summary>
internal sealed class FireTemplateShape(FireTemplateGap[] gaps, byte[][] segments) : IEquatable<FireTemplateShape>
{
    public FireTemplateGap[] Gaps { get; } = gaps;

    public byte[][] Segments { get; } = segments;

    public int ConstantLength { get; } = segments.Sum(segment => segment.Length);

    /// <summary>Whether the job's name is a gap (filled with the record key) rather than constant bytes.</summary>
    public bool NamesTheJob { get; } = gaps.Contains(FireTemplateGap.Name);

    /// <summary>Equal gaps, and the very same segment arrays (shared runs are one array: see <see cref="FireTemplateParts"/>).</summary>
    public bool Equals(FireTemplateShape? other) =>
        other is not null
        && Gaps.AsSpan().SequenceEqual(other.Gaps)
        && Segments.Length == other.Segments.Length
        && Segments.Zip(other.Segments).All(pair => ReferenceEquals(pair.First, pair.Second));

    public override bool Equals(object? obj) => Equals(obj as FireTemplateShape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var gap in Gaps)
        {
            hash.Add(gap);
        }

        foreach (var segment in Segments)
        {
            hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(segment));
        }

        return hash.ToHashCode();
    }
}
