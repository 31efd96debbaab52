namespace KafkaCron.Core.Scheduling;

/// <summary>
/// The constant parts of templates built together, each kept once: equal runs of bytes, and equal shapes (the runs and
/// gaps of a message). Most of a job's message is the same as its neighbours', all of it but the name often, so at
/// 100,000 jobs of one kind the templates hold one shape and a key each. Not thread-safe: one builder uses it.
/// </summary>
public sealed class FireTemplateParts
{
    private readonly Dictionary<byte[], byte[]> _runs = new(SameBytes.Instance);
    private readonly Dictionary<FireTemplateShape, FireTemplateShape> _shapes = [];

    /// <summary>Distinct shapes kept.</summary>
    public int ShapeCount => _shapes.Count;

    internal byte[] Run(byte[] bytes) => _runs.TryAdd(bytes, bytes) ? bytes : _runs[bytes];

    internal FireTemplateShape Shape(FireTemplateShape shape) => _shapes.TryAdd(shape, shape) ? shape : _shapes[shape];

    private sealed class SameBytes : IEqualityComparer<byte[]>
    {
        public static SameBytes Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var hash = new HashCode();
            hash.AddBytes(obj);
            return hash.ToHashCode();
        }
    }
}
