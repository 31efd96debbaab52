namespace KafkaCron.Core.Messages;

/// <summary>A record a reader skipped because it is not what its topic holds: where it is, and what was wrong.</summary>
public sealed record UndecodableRecord(string Topic, int Partition, long Offset, string Error)
{
    public override string ToString() => FormattableString.Invariant($"{Topic} [{Partition}] @{Offset}: {Error}");
}
