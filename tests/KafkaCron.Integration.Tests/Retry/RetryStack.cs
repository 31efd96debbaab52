using System.Text;
using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Retry;

/// <summary>Job files and topic reads shared by the retry end-to-end tests.</summary>
internal static class RetryStack
{
    public const string Cluster = "retry-e2e";

    public static string JobFile(AttemptLog log, string retry, params (string Name, string Schedule, string Body)[] jobs)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine($"clusters: [{Cluster}]");
        yaml.AppendLine("jobs:");
        foreach (var (name, schedule, body) in jobs)
        {
            yaml.AppendLine($"  - name: {name}");
            yaml.AppendLine($"    schedule: \"{schedule}\"");
            yaml.AppendLine($"    cluster: {Cluster}");
            yaml.AppendLine($"    retry: {retry}");
            yaml.AppendLine($"    command: {Quote(log.Command(body))}");
        }

        return yaml.ToString();
    }

    /// <summary>Starts workers and waits until each has its partitions, so no rebalance re-runs a fire later.</summary>
    public static async Task StartWorkersAsync(KcronStack stack, IEnumerable<(string Id, bool Retry)> workers, int concurrency = 4)
    {
        var slots = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var started = workers.Select(w => w.Retry
                ? stack.StartWorker(Cluster, w.Id, null, "--retry", "--concurrency", slots)
                : stack.StartWorker(Cluster, w.Id, null, "--concurrency", slots))
            .ToList();
        foreach (var worker in started)
        {
            // A first "Assigned" line can be an empty assignment, before the group has settled.
            await worker.WaitForLineAsync("Assigned kcron.", TimeSpan.FromSeconds(60));
        }
    }

    public static IReadOnlyList<DeadLetter> DeadLetters(KcronStack stack) =>
        TopicReader.ReadAll(stack.BootstrapServers, $"kcron.dead.{Cluster}", TimeSpan.FromSeconds(30))
            .Select(r => FireMessageCodec.DecodeDeadLetter(r.Message.Value) ?? throw new InvalidOperationException("undecodable dead letter"))
            .ToList();

    /// <summary>The fires of the test's own jobs on a topic (without the canary: it failed the accounting whenever a test crossed a minute).</summary>
    public static IReadOnlyList<FireMessage> Fires(KcronStack stack, string topic) =>
        TopicReader.ReadFiresWithoutCanary(stack.BootstrapServers, $"{topic}.{Cluster}", Cluster, TimeSpan.FromSeconds(30));

    private static string Quote(string command) =>
        "\"" + command.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
