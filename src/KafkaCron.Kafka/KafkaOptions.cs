using System.ComponentModel.DataAnnotations;
using KafkaCron.Core.Topics;

namespace KafkaCron.Kafka;

/// <summary>
/// How KafkaCron reaches Kafka and lays out its topics. Bound from the <c>Kafka</c> configuration section
/// (settings file, <c>KCRON_KAFKA__*</c> environment variables, command-line flags) and validated at start.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    [Required(AllowEmptyStrings = false)]
    public string BootstrapServers { get; set; } = "localhost:9092";

    /// <summary>
    /// Usually contains <c>{cluster}</c>; a fixed name is allowed so that a worker can drain a legacy shared topic
    /// during the migration to per-cluster topics (docs/migration-per-cluster-topics.md).
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string JobsTopicTemplate { get; set; } = "kcron.jobs.{cluster}";

    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@".*\{cluster\}.*", ErrorMessage = "Kafka:RetryTopicTemplate must contain {cluster}")]
    public string RetryTopicTemplate { get; set; } = "kcron.retry.{cluster}";

    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@".*\{cluster\}.*", ErrorMessage = "Kafka:DeadLetterTopicTemplate must contain {cluster}")]
    public string DeadLetterTopicTemplate { get; set; } = "kcron.dead.{cluster}";

    [Required(AllowEmptyStrings = false)]
    [RegularExpression(@".*\{cluster\}.*", ErrorMessage = "Kafka:RunsTopicTemplate must contain {cluster}")]
    public string RunsTopicTemplate { get; set; } = "kcron.runs.{cluster}";

    /// <summary>The compacted topic of pauses and resumes, one for all clusters (one partition).</summary>
    [Required(AllowEmptyStrings = false)]
    public string ControlTopic { get; set; } = "kcron.control";

    /// <summary>
    /// How long the run history (<c>kcron.runs.&lt;cluster&gt;</c>) keeps its records: the topic's <c>retention.ms</c>,
    /// set when KafkaCron creates the topic (an existing topic keeps its own). 168 hours is 7 days.
    /// </summary>
    [Range(1, 87_600, ErrorMessage = "Kafka:RunsRetentionHours must be between 1 and 87600 (10 years)")]
    public int RunsRetentionHours { get; set; } = 168;

    /// <summary>Partitions of every KafkaCron topic: the most workers of one cluster that can run jobs at once.</summary>
    [Range(1, 10_000)]
    public int Partitions { get; set; } = 2;

    [Range(1, 32_767)]
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>
    /// librdkafka's fetch.wait.max.ms. Real brokers answer a fetch as soon as data arrives, so the default costs
    /// nothing there; librdkafka's mock cluster answers an empty fetch only when this runs out, so the dev stack
    /// and tests lower it to keep start delays small.
    /// </summary>
    [Range(1, 60_000)]
    public int FetchWaitMaxMs { get; set; } = 500;

    /// <summary>
    /// Consumer session.timeout.ms: how long the group waits for a silent worker before giving its partitions to
    /// another. Kafka's 45 s default would leave a killed worker's jobs unrun for that long; 10 s is long enough for
    /// librdkafka's background heartbeats (which run whatever the job threads are doing). librdkafka's mock cluster
    /// also waits about this long per cooperative rebalance round, so the dev stack and tests use 6 s.
    /// </summary>
    [Range(1_000, 300_000)]
    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>How long topic checks and creation may take at start before the program gives up.</summary>
    [Range(1, 600)]
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// Extra librdkafka properties (security.protocol, sasl.*, linger.ms, ...) passed to every client. A producer's
    /// guarantees are KafkaCron's and override these: enable.idempotence, acks=all, message.timeout.ms.
    /// </summary>
    public Dictionary<string, string> Client { get; set; } = [];

    public TopicNames TopicNames => new()
    {
        JobsTemplate = JobsTopicTemplate,
        RetryTemplate = RetryTopicTemplate,
        DeadLetterTemplate = DeadLetterTopicTemplate,
        RunsTemplate = RunsTopicTemplate,
        Control = ControlTopic,
    };
}
