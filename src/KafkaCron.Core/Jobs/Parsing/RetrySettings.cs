namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>The retry keys one mapping (defaults or a job) sets; unset ones fall back a level.</summary>
internal sealed class RetrySettings
{
    public Sourced<int>? MaxAttempts { get; set; }

    public Sourced<TimeSpan>? InitialDelay { get; set; }

    public Sourced<double>? Multiplier { get; set; }

    public Sourced<TimeSpan>? MaxDelay { get; set; }

    public Sourced<double>? Jitter { get; set; }
}
