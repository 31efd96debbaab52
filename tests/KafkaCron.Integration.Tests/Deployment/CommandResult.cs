namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>What a finished command said; printed whole when an assertion on it fails.</summary>
internal sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
