using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Scheduler.Engine;

/// <summary>
/// Every job's <see cref="FireTemplate"/>, built when a job file is read (on the reader's thread, as the schedules
/// are), so that the loop only fills in the values of each fire. Keyed by the job definition itself: the plan holds
/// the definitions of the file it applied, and a reload brings new ones with new templates. The templates of one file
/// share their equal runs of constant bytes: at 100,000 jobs that is about 25 MB less. Thread-safe.
/// </summary>
internal sealed class FireTemplates
{
    private volatile Dictionary<JobDefinition, FireTemplate> _built = new(ReferenceEqualityComparer.Instance);

    /// <summary>Builds the templates of <paramref name="file"/>'s jobs, forgetting those of earlier files.</summary>
    public void Prepare(JobFile file)
    {
        var built = new Dictionary<JobDefinition, FireTemplate>(file.Jobs.Count, ReferenceEqualityComparer.Instance);
        var runs = new Dictionary<byte[], byte[]>(SameBytes.Instance);
        foreach (var job in file.Jobs.Where(job => !job.Suspend))
        {
            built[job] = FireTemplate.For(job, bytes => runs.TryAdd(bytes, bytes) ? bytes : runs[bytes]);
        }

        _built = built;
    }

    /// <summary>The prepared template of <paramref name="job"/>, or a new one for a definition no file prepared.</summary>
    public FireTemplate For(JobDefinition job) => _built.TryGetValue(job, out var template) ? template : FireTemplate.For(job);

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
