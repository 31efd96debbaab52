namespace KafkaCron.BenchCompare;

/// <summary>
/// One row of the comparison: <paramref name="Jobs"/> jobs, all firing every second, or spread over the 60 seconds of
/// a minute (job i at second i mod 60). Fires scheduled inside the window are counted; earlier ones are warm-up.
/// <paramref name="Elected"/>: KafkaCron's scheduler runs as an elected replica (ZooKeeper, checkpoints); Quartz.NET
/// sits it out, as its clustered mode needs a database this machine does not have.
/// </summary>
internal sealed record BenchRow(int Jobs, bool SpreadOverMinute, TimeSpan Warmup, TimeSpan Window, bool Elected = false)
{
    public string Label => (SpreadOverMinute ? $"{Jobs:N0} spread over a minute" : $"{Jobs:N0} every 1 s") + (Elected ? ", elected" : "");

    /// <summary>The second-of-minute job <paramref name="index"/> fires at, or null for every second.</summary>
    public int? SecondOf(int index) => SpreadOverMinute ? index % 60 : null;

    /// <summary>How many fires fall due at <paramref name="instant"/> (a whole second).</summary>
    public int DueAt(DateTimeOffset instant) => SpreadOverMinute
        ? (Jobs / 60) + (instant.Second < Jobs % 60 ? 1 : 0)
        : Jobs;
}
