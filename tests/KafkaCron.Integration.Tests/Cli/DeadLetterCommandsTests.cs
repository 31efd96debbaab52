using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Integration.Tests.Infrastructure;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary><c>kcron dead-letters</c> and <c>kcron replay</c> against a <c>kcron broker</c>.</summary>
public sealed class DeadLetterCommandsTests : IAsyncLifetime
{
    private const string Cluster = "dl-cli";
    private BrokerProcess _broker = null!;

    public async Task InitializeAsync()
    {
        _broker = await BrokerProcess.StartAsync(2, Cluster);
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = _broker.BootstrapServers }).Build();
        foreach (var letter in new[] { Exhausted("fire-1", "nightly"), Exhausted("fire-2", "hourly"), Undecodable() })
        {
            await producer.ProduceAsync($"kcron.dead.{Cluster}", new Message<string, byte[]> { Key = letter.Fire?.Job!, Value = FireMessageCodec.Encode(letter) });
        }
    }

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    [Fact]
    public void DeadLetters_Topic_ListsReasonJobFireIdAndAttempts()
    {
        var run = Kcron.Run("dead-letters", "--cluster", Cluster, "--bootstrap-servers", _broker.BootstrapServers);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutputLines, l => l.Contains("attempts-exhausted", StringComparison.Ordinal) && l.Contains("nightly", StringComparison.Ordinal)
            && l.Contains("fire-1", StringComparison.Ordinal) && l.Contains(" 3 ", StringComparison.Ordinal));
        Assert.Contains(run.OutputLines, l => l.Contains("invalid-json", StringComparison.Ordinal));
        Assert.Contains("3 dead letter(s) shown", run.Output, StringComparison.Ordinal);

        var limited = Kcron.Run("dead-letters", "--cluster", Cluster, "--limit", "1", "--bootstrap-servers", _broker.BootstrapServers);
        Assert.Contains("1 dead letter(s) shown", limited.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_FireId_PublishesAFreshFirstAttemptToTheJobsTopic()
    {
        var run = Kcron.Run("replay", "--cluster", Cluster, "--fire-id", "fire-2", "--bootstrap-servers", _broker.BootstrapServers);

        Assert.Equal(0, run.ExitCode);
        var replayed = Assert.Single(TopicReader.ReadFires(_broker.BootstrapServers, $"kcron.jobs.{Cluster}", Cluster, TimeSpan.FromSeconds(30)));
        Assert.Equal("fire-2", replayed.FireId);
        Assert.Equal("hourly", replayed.Job);
        Assert.Equal(1, replayed.Attempt);
        Assert.Equal(3, replayed.RemainingAttempts);
        Assert.Null(replayed.History);
        Assert.Null(replayed.NotBefore);
    }

    [Fact]
    public void Replay_All_ReplaysTheFiresAndSaysWhyTheUndecodableOnesAreLeft()
    {
        var run = Kcron.Run("replay", "--cluster", Cluster, "--all", "--bootstrap-servers", _broker.BootstrapServers);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("2 fire(s) replayed", run.Output, StringComparison.Ordinal);
        Assert.Contains("1 dead letter(s) left where they are: they hold no decodable fire to replay (invalid-json 1)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Replay_UnknownFireIdOrNoSelection_ReplaysNothing()
    {
        Assert.Equal(1, Kcron.Run("replay", "--cluster", Cluster, "--fire-id", "nope", "--bootstrap-servers", _broker.BootstrapServers).ExitCode);
        Assert.Equal(2, Kcron.Run("replay", "--cluster", Cluster, "--bootstrap-servers", _broker.BootstrapServers).ExitCode);
        Assert.Empty(TopicReader.ReadAll(_broker.BootstrapServers, $"kcron.jobs.{Cluster}", TimeSpan.FromSeconds(30)));
    }

    private static DeadLetter Exhausted(string fireId, string job) => new()
    {
        Reason = "attempts-exhausted",
        Detail = "attempt 3 ended failed (exit code 1) and no attempts are left",
        SourceTopic = $"kcron.retry.{Cluster}",
        DeadLetteredAt = DateTimeOffset.UtcNow,
        Fire = new FireMessage
        {
            FireId = fireId,
            Job = job,
            Cluster = Cluster,
            Command = "false",
            ScheduledAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            PublishedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            Attempt = 3,
            RemainingAttempts = 0,
            NotBefore = DateTimeOffset.UtcNow,
            Retry = new RetrySpec { MaxAttempts = 4, InitialDelaySeconds = 1, Multiplier = 2, MaxDelaySeconds = 10 },
            History = new[] { 1, 2, 3 }.Select(a => new AttemptRecord { Attempt = a, Outcome = "failed", ExitCode = 1 }).ToList(),
        },
    };

    private static DeadLetter Undecodable() => new()
    {
        Reason = "invalid-json",
        Detail = "invalid JSON",
        SourceTopic = $"kcron.jobs.{Cluster}",
        DeadLetteredAt = DateTimeOffset.UtcNow,
        OriginalBase64 = "3q2+7w==",
        OriginalSize = 4,
    };
}
