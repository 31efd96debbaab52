namespace KafkaCron.Kafka.Clients;

/// <summary>
/// Decides which of a run of repeated log lines to write: per key, the first line of each <see cref="Window"/> passes,
/// and the lines held back before it are counted in it. A broker that is down makes every Kafka client repeat the
/// same line every few tens of milliseconds; an outage should read as a few lines, not thousands. Thread-safe.
/// </summary>
internal sealed class RepeatLimiter<TKey>(TimeProvider time)
    where TKey : notnull
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, (long Since, int Held)> _recent = [];

    /// <returns>True when the line for <paramref name="key"/> is to be written, with the count held back since the last.</returns>
    public bool TryPass(TKey key, out int held)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            if (_recent.TryGetValue(key, out var last) && time.GetElapsedTime(last.Since, now) < Window)
            {
                _recent[key] = (last.Since, last.Held + 1);
                held = 0;
                return false;
            }

            held = last.Held;
            _recent[key] = (now, 0);
            return true;
        }
    }
}
