namespace KafkaCron.Integration.Tests.HighAvailability;

/// <summary>Counts what a drill published against what the schedule owed, by idempotency key (job + instant).</summary>
internal static class FireAudit
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    /// <summary>Publications beyond the first of each idempotency key.</summary>
    public static int Duplicates(IEnumerable<StoredFire> fires)
    {
        var list = fires.ToList();
        return list.Count - list.Select(f => f.Fire.IdempotencyKey).Distinct().Count();
    }

    /// <summary>Instants of a fireAll job that fires every <paramref name="period"/> (a second by default), between its first and last publication, never published.</summary>
    public static IReadOnlyList<DateTimeOffset> Lost(IEnumerable<StoredFire> fires, DateTimeOffset? until = null, TimeSpan? period = null)
    {
        var instants = fires.Select(f => f.Fire.ScheduledAt).ToHashSet();
        if (instants.Count == 0)
        {
            return [];
        }

        var lost = new List<DateTimeOffset>();
        for (var instant = instants.Min(); instant <= (until ?? instants.Max()); instant += period ?? Second)
        {
            if (!instants.Contains(instant))
            {
                lost.Add(instant);
            }
        }

        return lost;
    }

    /// <summary>
    /// Gaps in a fireOnce job's instants that its misfire policy does not explain: a gap must end with a fire of a
    /// newer term, published for the latest instant due when that term began (within two seconds of the instant:
    /// one for the schedule, one for the new term's start-up to reach the publication).
    /// </summary>
    public static IReadOnlyList<string> UnexplainedGaps(IEnumerable<StoredFire> fires)
    {
        var ordered = fires.OrderBy(f => f.Fire.ScheduledAt).ToList();
        var problems = new List<string>();
        foreach (var (before, after) in ordered.Zip(ordered.Skip(1)))
        {
            var gap = after.Fire.ScheduledAt - before.Fire.ScheduledAt;
            if (gap <= Second)
            {
                continue;
            }

            var late = after.Fire.PublishedAt - after.Fire.ScheduledAt;
            if (after.Epoch <= before.Epoch || late >= 2 * Second)
            {
                problems.Add($"{before.Fire.ScheduledAt:HH:mm:ss} (epoch {before.Epoch}) -> {after.Fire.ScheduledAt:HH:mm:ss} (epoch {after.Epoch}, published {late.TotalMilliseconds:F0} ms late)");
            }
        }

        return problems;
    }
}
