using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// The Kafka record of a fire, a dead letter or a run record (key, value, headers) and the sorting of Kafka errors,
/// shared by the publishers and writers.
/// </summary>
internal static class FireRecord
{
    private static readonly byte[] SchemaVersionHeader =
        Encoding.UTF8.GetBytes(FireMessage.CurrentSchemaVersion.ToString(CultureInfo.InvariantCulture));

    private static readonly byte[] ContentTypeHeader = Encoding.UTF8.GetBytes(FireHeaders.JsonContentType);

    public static Message<string, byte[]> Build(FireMessage fire) => new()
    {
        Key = fire.Job,
        Value = FireMessageCodec.Encode(fire),
        Headers = HeadersOf(Encoding.UTF8.GetBytes(fire.FireId)),
    };

    /// <summary>The record of a fire handed to a publisher: key and value are serialised from it (<see cref="OutgoingFireSerializer"/>).</summary>
    public static Message<OutgoingFire, OutgoingFire> Build(OutgoingFire fire) =>
        new() { Key = fire, Value = fire, Headers = HeadersOf(Encoding.UTF8.GetBytes(fire.FireId)) };

    /// <summary>The record of a dead letter: keyed like the message it stands for (the job), JSON like a fire.</summary>
    public static Message<string, byte[]> Build(string? key, DeadLetter deadLetter) => new()
    {
        Key = key!,
        Value = FireMessageCodec.Encode(deadLetter),
        Headers = new Headers
        {
            { FireHeaders.ContentType, ContentTypeHeader },
        },
    };

    /// <summary>The record of a run: keyed by job like its fire, so a job's history reads in order on one partition.</summary>
    public static Message<string, byte[]> Build(RunRecord run) => new()
    {
        Key = run.Job,
        Value = RunRecordCodec.Encode(run),
        Headers = new Headers
        {
            { FireHeaders.FireId, Encoding.UTF8.GetBytes(run.FireId) },
            { FireHeaders.ContentType, ContentTypeHeader },
        },
    };

    /// <summary>The record of a job's pause state: keyed <c>pause/&lt;job&gt;</c>, so compaction keeps each job's latest state.</summary>
    public static Message<string, byte[]> Build(JobPause pause) => new()
    {
        Key = ControlRecordCodec.PauseKey(pause.Job),
        Value = ControlRecordCodec.Encode(pause),
        Headers = new Headers
        {
            { FireHeaders.ContentType, ContentTypeHeader },
        },
    };

    private static Headers HeadersOf(byte[] fireId) => new()
    {
        { FireHeaders.FireId, fireId },
        { FireHeaders.SchemaVersion, SchemaVersionHeader },
        { FireHeaders.ContentType, ContentTypeHeader },
    };

    public static FireReceipt Receipt(TopicPartitionOffset stored) =>
        new(stored.Topic, stored.Partition.Value, stored.Offset.Value);

    /// <summary>Sorts a Kafka error into what the scheduler should do about it.</summary>
    public static PublishFailureKind Classify(Error error) => error switch
    {
        { IsFatal: true } => PublishFailureKind.Fatal,
        {
            Code: ErrorCode.MsgSizeTooLarge or ErrorCode.TopicAuthorizationFailed
            or ErrorCode.ClusterAuthorizationFailed or ErrorCode.InvalidMsg or ErrorCode.Local_InvalidArg,
        } => PublishFailureKind.Permanent,
        _ => PublishFailureKind.Transient,
    };

    public static FirePublishException Failure(Error error, string topic, Exception? inner = null) =>
        new($"{topic}: {error.Code}: {error.Reason}", Classify(error), inner);
}
