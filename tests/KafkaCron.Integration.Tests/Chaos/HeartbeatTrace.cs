namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// What the dead man's switch saw of the Watchdog heartbeat during a drill, on the drill's stopwatch: the last
/// heartbeat before the break, when the switch alarmed (the first moment no heartbeat had arrived for
/// <c>timeout</c>), and the first heartbeat once the break was undone.
/// </summary>
internal sealed record HeartbeatTrace(TimeSpan BrokeAt, TimeSpan RestoredAt, TimeSpan? LastBeforeBreak, TimeSpan? AlarmedAt, TimeSpan? ResumedAt)
{
    /// <param name="beats">When each heartbeat arrived.</param>
    /// <param name="from">When the drill began watching (the switch counts from here, or from the heartbeat before it).</param>
    /// <param name="brokeAt">When the break began.</param>
    /// <param name="restoredAt">When the break was undone.</param>
    /// <param name="until">When the drill stopped watching.</param>
    /// <param name="timeout">How long the switch waits for a heartbeat before it alarms.</param>
    public static HeartbeatTrace Of(IEnumerable<TimeSpan> beats, TimeSpan from, TimeSpan brokeAt, TimeSpan restoredAt, TimeSpan until, TimeSpan timeout)
    {
        var sorted = beats.Where(b => b <= until).Order().ToList();
        var armed = sorted.LastOrDefault(b => b <= from, from);
        TimeSpan? alarmed = null;
        foreach (var beat in sorted.Where(b => b > from))
        {
            if (beat - armed > timeout)
            {
                alarmed = armed + timeout;
                break;
            }

            armed = beat;
        }

        if (alarmed is null && until - armed > timeout)
        {
            alarmed = armed + timeout;
        }

        return new HeartbeatTrace(brokeAt, restoredAt,
            sorted.Where(b => b >= from && b < brokeAt).Select(b => (TimeSpan?)b).LastOrDefault(),
            alarmed,
            sorted.Where(b => b >= restoredAt).Select(b => (TimeSpan?)b).FirstOrDefault());
    }
}
