using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Control;

/// <summary>Every job's latest pause state as read from the control topic, and the records that had to be skipped.</summary>
public sealed record ControlTopicState(IReadOnlyDictionary<string, JobPause> Latest, IReadOnlyList<UndecodableRecord> Skipped)
{
    /// <summary>The jobs paused now, by name.</summary>
    public IEnumerable<JobPause> Paused => Latest.Values.Where(p => p.Paused).OrderBy(p => p.Job, StringComparer.Ordinal);

    public bool IsPaused(string job) => Latest.TryGetValue(job, out var pause) && pause.Paused;
}
