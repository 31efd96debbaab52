using System.Collections.Frozen;

namespace KafkaCron.Core.Control;

/// <summary>
/// The jobs paused at one moment, immutable: the scheduler checks a due fire against <see cref="Jobs"/> and takes a
/// new snapshot only when <see cref="Version"/> changes.
/// </summary>
public sealed record PausedJobs(long Version, FrozenDictionary<string, JobPause> Pauses)
{
    public static PausedJobs None { get; } = new(0, FrozenDictionary<string, JobPause>.Empty);

    public FrozenSet<string> Jobs { get; } = Pauses.Keys.ToFrozenSet(StringComparer.Ordinal);
}
