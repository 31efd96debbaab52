namespace KafkaCron.Core.Retry;

/// <summary>
/// How often a failed run is attempted again and how long to wait in between.
/// <see cref="MaxAttempts"/> counts the first run: 1 means never retry.
/// </summary>
public sealed record RetryPolicy
{
    public static RetryPolicy Default { get; } = new();

    public int MaxAttempts { get; init; } = 3;

    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(10);

    public double Multiplier { get; init; } = 2.0;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Fraction (0..1) of each delay that is randomised, so retries of many jobs do not align.</summary>
    public double Jitter { get; init; }
}
