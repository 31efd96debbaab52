using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Retry;

/// <summary>
/// Which dead-lettered fires a replay puts back: those asked for by fire id (or all), each once, with the ids asked
/// for that are not there and the dead letters that hold no fire to put back.
/// </summary>
public sealed record ReplaySelection(IReadOnlyList<FireMessage> Fires, IReadOnlyList<string> Missing, IReadOnlyList<DeadLetterEntry> LeftBehind)
{
    /// <param name="wanted">Fire ids to replay; empty means every decodable dead letter.</param>
    public static ReplaySelection Of(IReadOnlyList<DeadLetterEntry> entries, IReadOnlySet<string> wanted)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(wanted);
        var fires = entries
            .Select(e => e.DeadLetter?.Fire)
            .OfType<FireMessage>()
            .Where(f => wanted.Count == 0 || wanted.Contains(f.FireId))
            // A fire dead-lettered twice (after an earlier replay) goes back once.
            .DistinctBy(f => f.FireId)
            .ToList();
        var missing = wanted.Except(fires.Select(f => f.FireId)).Order(StringComparer.Ordinal).ToList();
        var leftBehind = wanted.Count == 0 ? entries.Where(e => e.DeadLetter?.Fire is null).ToList() : [];
        return new ReplaySelection(fires, missing, leftBehind);
    }
}
