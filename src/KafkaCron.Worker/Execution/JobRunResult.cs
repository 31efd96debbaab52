namespace KafkaCron.Worker.Execution;

/// <summary>What one run did.</summary>
internal sealed record JobRunResult
{
    public required RunOutcome Outcome { get; init; }

    /// <summary>Null when the process never exited by itself (spawn error, timeout).</summary>
    public int? ExitCode { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>The end of stdout, at most the configured tail size.</summary>
    public string StdoutTail { get; init; } = string.Empty;

    public string StderrTail { get; init; } = string.Empty;

    public long StdoutBytes { get; init; }

    public long StderrBytes { get; init; }

    /// <summary>Why a spawn failed, or how a timeout was enforced.</summary>
    public string? Detail { get; init; }
}
