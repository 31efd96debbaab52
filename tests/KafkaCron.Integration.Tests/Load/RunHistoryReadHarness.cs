using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;
using KafkaCron.Integration.Tests.Kafka;
using KafkaCron.Integration.Tests.Kafka.Runs;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Kafka.Runs;
using Xunit.Abstractions;

namespace KafkaCron.Integration.Tests.Load;

/// <summary>
/// How long <c>kcron history</c> takes on a large run history (<c>make load</c>, Category=Load): 100,000 run records of
/// 200 jobs spread over a day on librdkafka's mock cluster, read with the queries an operator types. Prints a table;
/// docs/operations.md holds a measured run. The mock keeps only the last few megabytes of a partition (it drops its
/// oldest data), so the topic has 16 partitions and the harness checks that nothing was dropped.
/// </summary>
public sealed class RunHistoryReadHarness(ITestOutputHelper output)
{
    private const int Records = 100_000;
    private const int Jobs = 200;
    private const int Repeats = 3;
    private const int Partitions = 16;

    [Fact]
    [Trait("Category", "Load")]
    public async Task History_LargeTopic_PrintTheTable()
    {
        using var kafka = new MockKafkaWithTopics(Partitions);
        var now = TimeProvider.System.GetUtcNow();
        var topic = kafka.Topics.Runs(MockKafkaWithTopics.Cluster);
        var writing = Stopwatch.StartNew();
        for (var i = 0; i < Records; i++)
        {
            var finishedAt = now - TimeSpan.FromDays(1) + TimeSpan.FromTicks(TimeSpan.FromDays(1).Ticks / Records * i);
            var message = FireRecord.Build(Run($"job-{i % Jobs}", i % 20 == 0 ? RunOutcomes.Failed : RunOutcomes.Succeeded, finishedAt));
            message.Timestamp = new Timestamp(finishedAt.UtcDateTime);
            kafka.Producer.Produce(topic, message);
        }

        Assert.Equal(0, kafka.Producer.Flush(TimeSpan.FromMinutes(2)));
        output.WriteLine($"wrote {Records} records in {writing.Elapsed.TotalSeconds:F1} s");
        var everything = await new KafkaRunHistoryReader(kafka.Clients, kafka.Metrics.Metrics, TimeSpan.FromMinutes(5))
            .ReadAsync(new RunHistoryQuery { Cluster = MockKafkaWithTopics.Cluster, Since = now.AddDays(-2), Job = "job-1", Limit = Records }, CancellationToken.None);
        Assert.Equal(Records / Jobs, everything.Matched);

        var reader = new KafkaRunHistoryReader(kafka.Clients, kafka.Metrics.Metrics, TimeSpan.FromMinutes(5));
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| query ({Records:N0} records of {Jobs} jobs over 24 h, {Partitions} partitions) | matched | shown | time, median of {Repeats} |");
        table.AppendLine("| --- | ---: | ---: | ---: |");
        var query = new RunHistoryQuery { Cluster = MockKafkaWithTopics.Cluster, Since = now.AddDays(-1) };
        await RowAsync(table, reader, "--since 24h (the default), --limit 50", query);
        await RowAsync(table, reader, "--since 1h --limit 50", query with { Since = now.AddHours(-1) });
        await RowAsync(table, reader, "--job job-7 --since 1h", query with { Since = now.AddHours(-1), Job = "job-7" });
        await RowAsync(table, reader, "--job job-7 --since 24h", query with { Job = "job-7" });
        await RowAsync(table, reader, "--failed --since 24h --limit 1000", query with { FailedOnly = true, Limit = 1000 });
        output.WriteLine(table.ToString());
    }

    private static async Task RowAsync(StringBuilder table, KafkaRunHistoryReader reader, string label, RunHistoryQuery query)
    {
        var times = new List<TimeSpan>();
        RunHistory? history = null;
        for (var i = 0; i < Repeats; i++)
        {
            var watch = Stopwatch.StartNew();
            history = await reader.ReadAsync(query, CancellationToken.None);
            times.Add(watch.Elapsed);
        }

        var median = times.Order().ElementAt(Repeats / 2);
        table.AppendLine(CultureInfo.InvariantCulture, $"| `{label}` | {history!.Matched:N0} | {history.Runs.Count} | {median.TotalMilliseconds:N0} ms |");
    }

    private static RunRecord Run(string job, string outcome, DateTimeOffset finishedAt) => TestRuns.Ran(MockKafkaWithTopics.Cluster, job, outcome, finishedAt) with { ExitCode = outcome == RunOutcomes.Succeeded ? 0 : 1, StdoutTail = "done\n", StdoutBytes = 5 };
}
