namespace KafkaCron.Worker.Execution;

/// <summary>What to run: exactly one of <see cref="Command"/> (through <c>/bin/sh -c</c>) and <see cref="Args"/> (exec'd).</summary>
internal sealed record JobRunRequest
{
    public string? Command { get; init; }

    public IReadOnlyList<string>? Args { get; init; }

    /// <summary>Variables set on top of the worker's own environment (job env and the KCRON_* variables).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Null: the job may run as long as it likes.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The program and arguments as exec'd (the shell for a command).</summary>
    public IReadOnlyList<string> Argv => Command is { } command
        ? ["/bin/sh", "-c", command]
        : Args is { Count: > 0 } args
            ? args
            : throw new InvalidOperationException("a run request needs a command or args");
}
