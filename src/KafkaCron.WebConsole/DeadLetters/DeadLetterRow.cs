using KafkaCron.Core.Messages;

namespace KafkaCron.WebConsole.DeadLetters;

/// <summary>One dead letter as the page and <c>GET /api/v1/dead-letters</c> show it.</summary>
/// <param name="FireId">The id replay takes; null for a record that never decoded (nothing to replay).</param>
internal sealed record DeadLetterRow(
    string Cluster,
    int Partition,
    long Offset,
    string? FireId,
    string? Job,
    string Reason,
    string? Detail,
    DateTimeOffset? DeadLetteredAt,
    int? Attempts,
    string? Worker)
{
    public bool Replayable => FireId is not null;

    public static DeadLetterRow From(string cluster, DeadLetterEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var letter = entry.DeadLetter;
        return new DeadLetterRow(
            cluster,
            entry.Partition,
            entry.Offset,
            letter?.Fire?.FireId,
            letter?.Fire?.Job,
            letter?.Reason ?? "unreadable",
            letter?.Detail,
            letter?.DeadLetteredAt,
            letter?.Fire?.History?.Count,
            letter?.Worker);
    }
}
