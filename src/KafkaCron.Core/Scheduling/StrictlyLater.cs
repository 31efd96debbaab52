namespace KafkaCron.Core.Scheduling;

/// <summary>
/// Guards a next-occurrence function against answers at or before the instant asked about.
/// </summary>
/// <remarks>
/// .NET on Linux misreads some transitions of the tz database (Asia/Amman, Europe/Istanbul, America/Asuncion,
/// Asia/Damascus, and Africa/Casablanca every year to come): around them Cronos can answer the instant it was
/// given, or one before it. A scheduler that trusted that would fire the same instant forever. Instead the question is
/// asked again from a point a little later each time (1 s, then 2 s, 4 s, ...), a bounded number of times: the
/// answer is then strictly later, though occurrences inside the skipped stretch may be lost.
/// </remarks>
internal static class StrictlyLater
{
    /// <summary>24 doublings from one second reach about 194 days past the instant asked about.</summary>
    public const int MaxRetries = 24;

    /// <summary>Instants this close to the ends of <see cref="DateTimeOffset"/> cannot be shown in every zone.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.MinValue.AddDays(2);

    public static readonly DateTimeOffset Latest = DateTimeOffset.MaxValue.AddDays(-2);

    /// <summary>
    /// The first answer of <paramref name="next"/> strictly after <paramref name="after"/>, or null. The state is
    /// passed through so that callers need not allocate a closure per call.
    /// </summary>
    public static DateTimeOffset? Next<TState>(DateTimeOffset after, TState state, Func<TState, DateTimeOffset, DateTimeOffset?> next)
    {
        if (after >= Latest)
        {
            return null;
        }

        var from = after < Earliest ? Earliest : after;
        var step = TimeSpan.FromSeconds(1);
        for (var attempt = 0; attempt <= MaxRetries; attempt++)
        {
            var candidate = next(state, from);
            if (candidate is null || candidate.Value > Latest)
            {
                return null;
            }

            if (candidate.Value > after)
            {
                return candidate;
            }

            from += step;
            step += step;
            if (from >= Latest)
            {
                return null;
            }
        }

        return null;
    }
}
