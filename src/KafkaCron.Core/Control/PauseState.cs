using System.Collections.Frozen;

namespace KafkaCron.Core.Control;

/// <summary>
/// The pause state of every job, folded from the control topic record by record: the latest record per job wins,
/// as compaction would keep it. Not thread-safe; its reader owns it and hands out <see cref="Snapshot"/>s.
/// </summary>
public sealed class PauseState
{
    private readonly Dictionary<string, JobPause> _latest = new(StringComparer.Ordinal);

    /// <summary>Every job's latest state, paused or resumed.</summary>
    public IReadOnlyDictionary<string, JobPause> Latest => _latest;

    /// <summary>Takes one decoded record; returns whether the set of paused jobs or their details changed.</summary>
    public bool Apply(ControlRecord record)
    {
        switch (record.Kind)
        {
            case ControlRecordKind.Pause:
                var had = _latest.TryGetValue(record.Job!, out var before);
                _latest[record.Job!] = record.State!;
                return !had || before != record.State;
            case ControlRecordKind.Cleared:
                return _latest.Remove(record.Job!);
            default:
                return false;
        }
    }

    /// <summary>The jobs paused now, with who paused them, frozen for readers on other threads.</summary>
    public PausedJobs Snapshot(long version) =>
        new(version, _latest.Values.Where(p => p.Paused).ToFrozenDictionary(p => p.Job, StringComparer.Ordinal));
}
