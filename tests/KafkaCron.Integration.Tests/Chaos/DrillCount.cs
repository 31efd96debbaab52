namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>One run of the drill job, as the job itself recorded it: which instant, which fire, where and when it started.</summary>
internal sealed record DrillRun(DateTimeOffset ScheduledAt, string FireId, string Worker, DateTimeOffset StartedAt);

/// <summary>
/// What a drill did to a job due every second, counted by scheduled instant between <see cref="From"/> and
/// <see cref="Until"/>: due (every second), published (on the jobs topic), run (by the job), lost (due, never run),
/// duplicated (runs beyond the first of an instant), the longest time in the window without a run starting (from its
/// first due instant on, so a stall whose runs later start in a burst still shows), and the latest start.
/// </summary>
internal sealed record DrillCount(DateTimeOffset From, DateTimeOffset Until, int Due, int Published, int Run, int Lost, int Duplicated, TimeSpan LongestGap)
{
    public static DrillCount Of(DateTimeOffset from, DateTimeOffset until, IEnumerable<DateTimeOffset> published, IEnumerable<DrillRun> runs)
    {
        bool Inside(DateTimeOffset instant) => instant >= from && instant <= until;
        var due = new List<DateTimeOffset>();
        for (var instant = from; instant <= until; instant += TimeSpan.FromSeconds(1))
        {
            due.Add(instant);
        }

        var publishedInstants = published.Where(Inside).ToHashSet();
        var inWindow = runs.Where(r => Inside(r.ScheduledAt)).ToList();
        var runInstants = inWindow.Select(r => r.ScheduledAt).ToHashSet();
        var starts = inWindow.Select(r => r.StartedAt).Where(s => s > from).Order().Prepend(from).ToList();
        var longestGap = starts.Zip(starts.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new DrillCount(from, until, due.Count, publishedInstants.Count, runInstants.Count,
            due.Count(d => !runInstants.Contains(d)), inWindow.Count - runInstants.Count, longestGap)
        {
            LatestStart = inWindow.Select(r => r.StartedAt - r.ScheduledAt).DefaultIfEmpty(TimeSpan.Zero).Max(),
        };
    }

    /// <summary>The largest start delay (started minus scheduled) of a run in the window.</summary>
    public TimeSpan LatestStart { get; init; }
}
