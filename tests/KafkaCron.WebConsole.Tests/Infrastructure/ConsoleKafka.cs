using Confluent.Kafka;
using KafkaCron.Core.Control;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.WebConsole.Tests.Infrastructure;

/// <summary>
/// librdkafka's mock cluster in the test process with a deployment's topics, as <c>kcron broker</c> makes them: the
/// jobs, retry, dead-letter and runs topics of each cluster, and the control topic. Run records are written as a
/// worker writes them; fires and pause states are read back as a worker and a scheduler would read them.
/// </summary>
internal sealed class ConsoleKafka : IDisposable
{
    public const int Partitions = 2;
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TopicNames Topics = new();
    private readonly MockKafkaCluster _cluster;

    private ConsoleKafka(MockKafkaCluster cluster) => _cluster = cluster;

    public string BootstrapServers => _cluster.BootstrapServers;

    public static ConsoleKafka Start(params string[] clusters)
    {
        var mock = MockKafkaCluster.Start(1);
        foreach (var topic in clusters.SelectMany(Topics.All))
        {
            mock.CreateTopic(topic, Partitions, 1);
        }

        mock.CreateTopic(Topics.Control, 1, 1);
        return new ConsoleKafka(mock);
    }

    /// <summary>Writes each record to its cluster's runs topic, keyed by job, and waits for Kafka to take them.</summary>
    public async Task WriteRunsAsync(params RunRecord[] runs)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers }).Build();
        foreach (var run in runs)
        {
            await producer.ProduceAsync(Topics.Runs(run.Cluster), new Message<string, byte[]> { Key = run.Job, Value = RunRecordCodec.Encode(run) });
        }
    }

    public IReadOnlyList<FireMessage> Fires(string cluster) => TopicReader.ReadFires(BootstrapServers, Topics.Jobs(cluster), cluster, Patience);

    /// <summary>Every pause and resume written, oldest first.</summary>
    public IReadOnlyList<JobPause> Pauses() =>
        [.. TopicReader.ReadAll(BootstrapServers, Topics.Control, Patience).Select(r => ControlRecordCodec.Decode(r.Message.Key, r.Message.Value, r.Message.Value is null).State!)];

    public void Dispose() => _cluster.Dispose();
}
