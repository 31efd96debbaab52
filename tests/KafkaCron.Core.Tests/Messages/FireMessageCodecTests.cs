using System.Text;
using System.Text.Json;
using Json.Schema;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Tests.Messages;

public sealed class FireMessageCodecTests
{
    private static readonly string[] SingleArg = ["y"];

    // The schema registry is process-wide and refuses a second registration of the same $id.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(DocsFile.PathOf("fire-message.schema.json"))));

    private static readonly DateTimeOffset Scheduled = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    internal static FireMessage Minimal() => new()
    {
        FireId = "0193f6a2-7c1e-7b3a-9a51-3f0c2d8e4b11",
        Job = "nightly-backup",
        Cluster = "cluster-a",
        Command = "echo hi",
        ScheduledAt = Scheduled,
        PublishedAt = Scheduled.AddMilliseconds(4),
        RemainingAttempts = 2,
    };

    internal static FireMessage Full() => Minimal() with
    {
        Command = null,
        Args = ["/usr/bin/backup", "--full"],
        Env = new Dictionary<string, string> { ["PGHOST"] = "db" },
        WorkingDirectory = "/var/tmp",
        Attempt = 2,
        RemainingAttempts = 1,
        NotBefore = Scheduled.AddSeconds(10),
        TimeoutSeconds = 1800,
        ConcurrencyPolicy = "forbid",
        Retry = new RetrySpec { MaxAttempts = 3, InitialDelaySeconds = 10, Multiplier = 2, MaxDelaySeconds = 300, Jitter = 0.1 },
        Epoch = 7,
        History = [new AttemptRecord { Attempt = 1, Worker = "w1", StartedAt = Scheduled, DurationSeconds = 1.5, ExitCode = 3, Outcome = "failed", OutputTail = "boom" }],
    };

    [Fact]
    public void Decode_EncodedFullMessage_RoundTripsEveryField()
    {
        var original = Full();

        var result = FireMessageCodec.Decode(FireMessageCodec.Encode(original), "cluster-a");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(original.Job, result.Fire.Job);
        Assert.Equal(original.Args, result.Fire.Args);
        Assert.Equal(original.Env, result.Fire.Env);
        Assert.Equal(original.NotBefore, result.Fire.NotBefore);
        Assert.Equal(original.Retry, result.Fire.Retry);
        Assert.Equal(original.History, result.Fire.History);
        Assert.Equal("cluster-a", result.Fire.Cluster);
        Assert.Equal(7, result.Fire.Epoch);
    }

    [Fact]
    public void Encode_ScheduledFire_LeavesTheTriggerOut()
    {
        var json = Encoding.UTF8.GetString(FireMessageCodec.Encode(Full()));

        Assert.DoesNotContain("trigger", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ManualFire_KeepsItsTrigger()
    {
        var result = FireMessageCodec.Decode(FireMessageCodec.Encode(Minimal() with { Trigger = FireTriggers.Manual }), "cluster-a");

        Assert.True(result.IsSuccess, result.Error);
        Assert.True(result.Fire.IsManual);
        Assert.Equal(FireTriggers.Manual, FireTriggers.Of(result.Fire));
        Assert.Equal(FireTriggers.Scheduled, FireTriggers.Of(Minimal()));
    }

    [Fact]
    public void IdempotencyKey_ManualFireAtAScheduledInstant_DiffersFromTheScheduledRunsKey()
    {
        var scheduled = Minimal();
        var manual = scheduled with { FireId = "0193f6a2-0000-7000-8000-000000000001", Trigger = FireTriggers.Manual };

        Assert.Equal("nightly-backup@2026-11-27T03:00:00.000Z", scheduled.IdempotencyKey);
        Assert.Equal("nightly-backup@manual/0193f6a2-0000-7000-8000-000000000001", manual.IdempotencyKey);
        Assert.Equal(manual.IdempotencyKey, (manual with { PublishedAt = Scheduled.AddHours(1) }).IdempotencyKey);
    }

    [Fact]
    public void Decode_MessageWithoutCluster_AssumesTheConsumersCluster()
    {
        var legacy = """{"schemaVersion":1,"fireId":"f1","job":"j","command":"true","scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z","attempt":1,"remainingAttempts":0}""";

        var result = FireMessageCodec.Decode(Encoding.UTF8.GetBytes(legacy), "cluster-b");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal("cluster-b", result.Fire.Cluster);
    }

    [Fact]
    public void Decode_FireForAnotherCluster_IsRefusedAsWrongCluster()
    {
        var result = FireMessageCodec.Decode(FireMessageCodec.Encode(Minimal() with { Cluster = "cluster-b" }), "cluster-a");

        Assert.False(result.IsSuccess);
        Assert.Equal(DecodeFailureReasons.WrongCluster, result.Reason);
        Assert.Contains("addressed to cluster cluster-b, not to this worker's cluster cluster-a", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty message value")]
    [InlineData("\u0001\u0002garbage\u00ff", "invalid JSON")]
    [InlineData("null", "not a JSON object")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","command":"tr""", "invalid JSON")]
    [InlineData("""{"schemaVersion":2,"fireId":"f"}""", "unsupported schemaVersion 2")]
    [InlineData("""{"schemaVersion":"1"}""", "schemaVersion is not an integer")]
    [InlineData("""{"fireId":"f","job":"j"}""", "schemaVersion is missing")]
    [InlineData("""{"schemaVersion":1,"job":"j","command":"true","scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "fireId")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "exactly one of command and args")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","command":"x","args":["y"],"scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "exactly one of command and args")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","command":"x","attempt":0,"scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "attempt must be at least 1")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","command":"x","attempt":1,"timeoutSeconds":0,"scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "timeoutSeconds must be positive")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","command":"x","attempt":1,"trigger":"api","scheduledAt":"2026-11-27T03:00:00Z","publishedAt":"2026-11-27T03:00:00Z"}""", "trigger must be scheduled or manual, not 'api'")]
    public void Decode_BadInput_FailsWithAReasonNamingTheProblem(string value, string expectedReason)
    {
        var result = FireMessageCodec.Decode(Encoding.UTF8.GetBytes(value), "cluster-a");

        Assert.False(result.IsSuccess);
        Assert.Contains(expectedReason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TenMegabyteValue_IsRefusedBeforeParsing()
    {
        var huge = new byte[10 * 1024 * 1024];
        huge.AsSpan().Fill((byte)'{');

        var result = FireMessageCodec.Decode(huge, "cluster-a");

        Assert.False(result.IsSuccess);
        Assert.Contains("exceeds the 1048576-byte limit", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EveryTruncationOfAValidMessage_FailsWithoutThrowing()
    {
        var encoded = FireMessageCodec.Encode(Full());

        for (var length = 0; length < encoded.Length; length++)
        {
            var result = FireMessageCodec.Decode(encoded.AsSpan(0, length), "cluster-a");
            Assert.False(result.IsSuccess, $"a {length}-byte prefix decoded");
        }
    }

    [Fact]
    public void DecodeDeadLetter_EncodedDeadLetter_RoundTrips()
    {
        var deadLetter = new DeadLetter
        {
            Reason = "undecodable",
            Detail = "invalid JSON",
            SourceTopic = "kcron.jobs.cluster-a",
            SourcePartition = 1,
            SourceOffset = 4711,
            DeadLetteredAt = Scheduled,
            OriginalBase64 = Convert.ToBase64String("garbage"u8),
            OriginalSize = 7,
        };

        Assert.Equal(deadLetter, FireMessageCodec.DecodeDeadLetter(FireMessageCodec.Encode(deadLetter)));
        Assert.Null(FireMessageCodec.DecodeDeadLetter("not json"u8));
    }

    [Theory]
    [MemberData(nameof(SchemaSamples))]
    public void Encode_Message_ConformsToThePublishedJsonSchema(string name)
    {
        var fire = name switch
        {
            "full" => Full(),
            "manual" => Minimal() with { Trigger = FireTriggers.Manual },
            _ => Minimal(),
        };
        var schema = Schema.Value;
        using var document = JsonDocument.Parse(FireMessageCodec.Encode(fire));

        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Fact]
    public void JsonSchema_MessageWithCommandAndArgs_IsRejected()
    {
        var schema = Schema.Value;
        var both = JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["schemaVersion"] = 1, ["fireId"] = "f", ["job"] = "j", ["command"] = "x", ["args"] = SingleArg,
            ["scheduledAt"] = "2026-11-27T03:00:00Z", ["publishedAt"] = "2026-11-27T03:00:00Z", ["attempt"] = 1, ["remainingAttempts"] = 0,
        });

        Assert.False(schema.Evaluate(both).IsValid);
    }

    public static TheoryData<string> SchemaSamples() => new() { "minimal", "full", "manual" };
}
