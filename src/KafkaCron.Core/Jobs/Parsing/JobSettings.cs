using KafkaCron.Core.Retry;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>
/// What one mapping of the file (the defaults, or one job) sets. A key that is present but invalid is in
/// <see cref="Keys"/> with no value, so that it is reported once and not again as missing.
/// </summary>
internal sealed class JobSettings(YamlMapping node)
{
    public YamlMapping Node { get; } = node;

    /// <summary>Each key the mapping sets, with the node of the key.</summary>
    public Dictionary<string, YamlNode> Keys { get; } = new(StringComparer.Ordinal);

    public Sourced<string>? Name { get; set; }

    /// <summary>The name as written, even when it is not a valid name, to say which job a problem is about.</summary>
    public string? NameAsWritten { get; set; }

    public Sourced<string>? Schedule { get; set; }

    public Sourced<TimeZoneInfo>? TimeZone { get; set; }

    public Sourced<string>? Cluster { get; set; }

    public Sourced<string>? Command { get; set; }

    public Sourced<IReadOnlyList<string>>? Args { get; set; }

    public Sourced<TimeSpan>? Timeout { get; set; }

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public Sourced<string>? WorkingDirectory { get; set; }

    public Sourced<bool>? Suspend { get; set; }

    public RetrySettings? Retry { get; set; }

    public Sourced<ConcurrencyPolicy>? ConcurrencyPolicy { get; set; }

    public Sourced<MisfirePolicy>? MisfirePolicy { get; set; }

    public Sourced<TimeSpan>? CatchUpWindow { get; set; }

    public RetryPolicy RetryOver(RetrySettings? fallback) => new()
    {
        MaxAttempts = Retry?.MaxAttempts?.Value ?? fallback?.MaxAttempts?.Value ?? RetryPolicy.Default.MaxAttempts,
        InitialDelay = Retry?.InitialDelay?.Value ?? fallback?.InitialDelay?.Value ?? RetryPolicy.Default.InitialDelay,
        Multiplier = Retry?.Multiplier?.Value ?? fallback?.Multiplier?.Value ?? RetryPolicy.Default.Multiplier,
        MaxDelay = Retry?.MaxDelay?.Value ?? fallback?.MaxDelay?.Value ?? RetryPolicy.Default.MaxDelay,
        Jitter = Retry?.Jitter?.Value ?? fallback?.Jitter?.Value ?? RetryPolicy.Default.Jitter,
    };
}
