using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Publishing;

namespace KafkaCron.Worker.Outcomes;

/// <summary>
/// One record an attempt calls for, built by <see cref="FireRecord"/> (the one place KafkaCron's records are built),
/// and what to log and count once Kafka acknowledged it.
/// </summary>
internal sealed record OutcomeRecord(string Topic, Message<string, byte[]> Message, Action Acknowledged)
{
    public static OutcomeRecord Of(string topic, FireMessage fire, Action acknowledged) =>
        new(topic, FireRecord.Build(fire), acknowledged);

    public static OutcomeRecord Of(string topic, string? key, DeadLetter deadLetter, Action acknowledged) =>
        new(topic, FireRecord.Build(key, deadLetter), acknowledged);

    public static OutcomeRecord Of(string topic, RunRecord run, Action acknowledged) =>
        new(topic, FireRecord.Build(run), acknowledged);
}
