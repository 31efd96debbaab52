namespace KafkaCron.Core.Scheduling;

/// <summary>Where the broker stored a published fire.</summary>
public readonly record struct FireReceipt(string Topic, int Partition, long Offset);
