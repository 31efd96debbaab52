namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Turns the scheduler's lateness, observed on every turn of its loop, into episodes: one start when it reaches the
/// threshold, one end when it is back under half of it (the margin keeps a lateness hovering at the threshold from
/// starting a new episode on every turn). The loop logs each change once instead of one line per late fire.
/// Not thread-safe.
/// </summary>
public sealed class BehindSchedule(TimeSpan threshold)
{
    private DateTimeOffset? _since;
    private TimeSpan _worst;

    /// <summary>Whether an episode is going on.</summary>
    public bool IsBehind => _since is not null;

    /// <returns>The change this observation makes, or null when it makes none.</returns>
    public BehindScheduleChange? Observe(TimeSpan behind, DateTimeOffset now)
    {
        if (_since is { } since)
        {
            if (behind > _worst)
            {
                _worst = behind;
            }

            if (behind * 2 >= threshold)
            {
                return null;
            }

            _since = null;
            return new BehindScheduleChange.CaughtUp(now - since, _worst);
        }

        if (behind < threshold)
        {
            return null;
        }

        _since = now;
        _worst = behind;
        return new BehindScheduleChange.FellBehind(behind);
    }
}
