using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Pipeline;

/// <summary>A run that ended with an outcome, and the message it came from.</summary>
internal sealed record FinishedRun(FireMessage Fire, JobRunResult Result, TopicPartitionOffset Source, string Queue, string WorkerId);
