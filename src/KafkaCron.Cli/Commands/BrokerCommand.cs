using System.CommandLine;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Topics;
using KafkaCron.Kafka.Mock;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron broker</c>: librdkafka's mock cluster as a local Kafka for development, tests and drills.
/// In memory only: everything is gone when it stops.
/// </summary>
internal static class BrokerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Fixed bootstrap port.", DefaultValueFactory = _ => 9092 };
        var brokers = new Option<int>("--brokers") { Description = "Number of mock brokers.", DefaultValueFactory = _ => 3 };
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "Worker cluster whose topics to create (repeatable); without it and --jobs: cluster-a and cluster-b.",
            DefaultValueFactory = _ => [],
            AllowMultipleArgumentsPerToken = false,
        };
        var jobs = new Option<FileInfo?>("--jobs") { Description = "Job file: create the topics of every cluster it declares, too." };
        var partitions = new Option<int>("--partitions") { Description = "Partitions of each topic.", DefaultValueFactory = _ => 2 };
        var controlPort = new Option<int>("--control-port")
        {
            Description = "Port of the HTTP drill surface on 127.0.0.1 (GET /status, POST /brokers/{id}/down|up, ...).",
            DefaultValueFactory = _ => 9192,
        };

        var command = new Command("broker", "Run librdkafka's mock Kafka cluster (in memory) with KafkaCron's topics.")
        {
            port, brokers, clusters, jobs, partitions, controlPort,
        };
        command.SetAction(SettingsErrorReport.Around("broker", RunAsync));
        return command;

        async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            var output = parseResult.InvocationConfiguration.Output;
            using var loggerFactory = ConsoleLogging.CreateFactory();
            var logger = loggerFactory.CreateLogger("kcron.broker");
            var topicNames = new TopicNames();
            var partitionCount = parseResult.GetValue(partitions);
            IReadOnlyList<string> clusterNames = parseResult.GetRequiredValue(clusters);
            if (parseResult.GetValue(jobs) is null && clusterNames.Count == 0)
            {
                clusterNames = DefaultClusters;
            }

            if (parseResult.GetValue(jobs) is { } jobFile)
            {
                if (!JobFileClusters.TryRead(jobFile.FullName, clusterNames, parseResult.InvocationConfiguration.Error, out var declared))
                {
                    return 2;
                }

                clusterNames = declared;
            }

            var topics = clusterNames
                .SelectMany(topicNames.All)
                .Select(topic => (topic, partitionCount))
                .Append((topicNames.Control, 1))
                .ToList();

            await using var broker = MockBroker.Start(new MockBrokerOptions
            {
                Port = parseResult.GetValue(port),
                BrokerCount = parseResult.GetValue(brokers),
                Topics = topics,
            }, logger);
            await using var control = MockBrokerControlServer.Start(broker, parseResult.GetValue(controlPort), logger);

            var status = broker.Status;
            await output.WriteLineAsync($"kcron broker: {status.Brokers.Count} mock brokers, bootstrap servers {broker.BootstrapServers}");
            foreach (var node in status.Brokers)
            {
                await output.WriteLineAsync($"  broker {node.Id}: {node.Address}");
            }

            foreach (var topic in status.Topics)
            {
                await output.WriteLineAsync($"  topic {topic.Name}: {topic.Partitions} partitions");
            }

            await output.WriteLineAsync($"  control: {control.Url}/status (POST /brokers/{{id}}/down|up, /topics/{{topic}}/partitions/{{p}}/leader/{{broker}})");
            await output.WriteLineAsync("ready");
            await output.FlushAsync(cancellationToken);

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Stopping is the normal way out.
            }

            return 0;
        }
    }

    private static readonly string[] DefaultClusters = ["cluster-a", "cluster-b"];

}
