namespace KafkaCron.Core.Messages;

/// <summary>One record of a dead-letter topic: where it sits, and its content when it decodes.</summary>
/// <param name="DeadLetter">Null when the record itself is unreadable (empty or not a dead letter).</param>
public sealed record DeadLetterEntry(int Partition, long Offset, DeadLetter? DeadLetter);
