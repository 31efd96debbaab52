namespace KafkaCron.BenchCompare;

/// <summary>
/// Counts the fires read from the topic for one row: lag (record CreateTime minus scheduled instant) of each fire
/// scheduled inside the window, early ones, duplicates of a (job, instant) and the ones that never came.
/// Fed by one consumer thread; read after it stops.
/// </summary>
internal sealed class FireTally(DateTimeOffset windowStart, DateTimeOffset windowEnd)
{
    private readonly HashSet<(string Job, long ScheduledMs)> _seen = [];
    private readonly List<double> _lagMs = [];

    public int Early { get; private set; }

    public int Duplicates { get; private set; }

    public int InWindow => _seen.Count;

    /// <summary>Records created (published) during the window, whatever their instant: the achieved rate.</summary>
    public int CreatedInWindow { get; private set; }

    public void Add(string job, DateTimeOffset scheduledAt, DateTimeOffset createdAt)
    {
        if (createdAt >= windowStart && createdAt < windowEnd)
        {
            CreatedInWindow++;
        }

        if (scheduledAt < windowStart || scheduledAt >= windowEnd)
        {
            return;
        }

        if (!_seen.Add((job, scheduledAt.ToUnixTimeMilliseconds())))
        {
            Duplicates++;
            return;
        }

        var lag = (createdAt - scheduledAt).TotalMilliseconds;
        if (lag < 0)
        {
            Early++;
        }

        _lagMs.Add(lag);
    }

    /// <summary>The <paramref name="quantile"/> of the lags, nearest rank; NaN when nothing came.</summary>
    public double LagMs(double quantile)
    {
        if (_lagMs.Count == 0)
        {
            return double.NaN;
        }

        _lagMs.Sort();
        var rank = (int)Math.Ceiling(quantile * _lagMs.Count) - 1;
        return _lagMs[Math.Clamp(rank, 0, _lagMs.Count - 1)];
    }
}
