namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// What a drill did to its fires, counted by fire (job and scheduled instant): the steady job's instants every
/// second between <see cref="From"/> and <see cref="Until"/>, plus the fires the drill added (a flood). Due, published
/// (on the jobs topic), run (by the job), lost (due, never run), duplicated (runs beyond the first of a fire); the
/// longest time without a steady run starting (from the window's first instant on, so a stall whose runs later start
/// in a burst still shows) and the latest start of any counted run.
/// </summary>
internal sealed record DrillCount(DateTimeOffset From, DateTimeOffset Until, int Due, int Published, int Run, int Lost, int Duplicated, TimeSpan LongestGap)
{
    /// <summary>The largest start delay (started minus scheduled) of a counted run.</summary>
    public TimeSpan LatestStart { get; init; }

    public static DrillCount Of(
        string steadyJob, DateTimeOffset from, DateTimeOffset until, IEnumerable<FireKey> added, IEnumerable<FireKey> published, IEnumerable<DrillRun> runs)
    {
        var due = new HashSet<FireKey>(added);
        for (var instant = from; instant <= until; instant += TimeSpan.FromSeconds(1))
        {
            due.Add(new FireKey(steadyJob, instant));
        }

        var counted = runs.Where(r => due.Contains(r.Key)).ToList();
        var ran = counted.Select(r => r.Key).ToHashSet();
        var starts = counted.Where(r => r.Job == steadyJob).Select(r => r.StartedAt).Where(s => s > from).Order().Prepend(from).ToList();
        var longestGap = starts.Zip(starts.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
        return new DrillCount(from, until, due.Count, published.Where(due.Contains).Distinct().Count(), ran.Count,
            due.Count(d => !ran.Contains(d)), counted.Count - ran.Count, longestGap)
        {
            LatestStart = counted.Select(r => r.StartedAt - r.ScheduledAt).DefaultIfEmpty(TimeSpan.Zero).Max(),
        };
    }
}
