using System.Text;
using KafkaCron.Core.Leadership;

namespace KafkaCron.Core.Tests.Leadership;

public sealed class ScheduleCheckpointCodecTests
{
    private static readonly DateTimeOffset UpTo = new(2025, 3, 30, 1, 0, 0, TimeSpan.Zero);

    private static ScheduleCheckpoint Sample() => new()
    {
        DeploymentId = "prod",
        Epoch = 7,
        WrittenAt = UpTo.AddSeconds(2),
        ScheduledUpTo = UpTo,
        LastFired = new Dictionary<string, DateTimeOffset>
        {
            ["backup"] = UpTo.AddMinutes(-30),
            ["report"] = UpTo,
        },
    };

    private static CheckpointDecodeResult Decode(string json, string deployment = "prod") =>
        ScheduleCheckpointCodec.Decode(Encoding.UTF8.GetBytes(json), deployment);

    [Fact]
    public void Decode_EncodedCheckpoint_RoundTrips()
    {
        var original = Sample();

        var result = ScheduleCheckpointCodec.Decode(ScheduleCheckpointCodec.Encode(original), "prod");

        Assert.True(result.IsSuccess, result.Error);
        var decoded = result.Checkpoint!;
        Assert.Equal(original.Epoch, decoded.Epoch);
        Assert.Equal(original.ScheduledUpTo, decoded.ScheduledUpTo);
        Assert.Equal(original.WrittenAt, decoded.WrittenAt);
        Assert.Equal(ScheduleCheckpoint.CurrentFormatVersion, decoded.FormatVersion);
        Assert.Equal(original.LastFired.OrderBy(p => p.Key), decoded.LastFired.OrderBy(p => p.Key));
    }

    [Fact]
    public void Decode_CheckpointWithPendingAndReadBack_RoundTrips()
    {
        var original = Sample() with
        {
            Pending = new Dictionary<string, DateTimeOffset> { ["report"] = UpTo, ["new-job"] = UpTo.AddSeconds(-5) },
            ReadBackFrom = [new("kcron.jobs.a", 0, 12), new("kcron.jobs.a", 1, 0), new("kcron.jobs.b", 0, 7)],
        };
        original = original with { LastFired = new Dictionary<string, DateTimeOffset> { ["backup"] = UpTo.AddMinutes(-30), ["report"] = UpTo.AddSeconds(-1) } };

        var result = ScheduleCheckpointCodec.Decode(ScheduleCheckpointCodec.Encode(original), "prod");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(original.Pending.OrderBy(p => p.Key), result.Checkpoint!.Pending.OrderBy(p => p.Key));
        Assert.Equal(original.ReadBackFrom, result.Checkpoint.ReadBackFrom);
    }

    [Fact]
    public void Decode_CheckpointWithoutPendingOrReadBack_ReadsThemAsEmpty()
    {
        var result = Decode("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{}}");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Empty(result.Checkpoint!.Pending);
        Assert.Empty(result.Checkpoint.ReadBackFrom);
    }

    [Theory]
    [InlineData("\"pending\":{\"a\":\"2025-01-01T00:00:01Z\"}", "pending at 2025-01-01T00:00:01.0000000+00:00, after scheduledUpTo")]
    [InlineData("\"lastFired\":{\"a\":\"2025-01-01T00:00:00Z\"},\"pending\":{\"a\":\"2025-01-01T00:00:00Z\"}", "not after its last fire")]
    [InlineData("\"pending\":{\"\":\"2024-01-01T00:00:00Z\"}", "pending has an empty job name")]
    [InlineData("\"readBackFrom\":[{\"topic\":\"\",\"partition\":0,\"offset\":0}]", "without a topic")]
    [InlineData("\"readBackFrom\":[{\"topic\":\"t\",\"partition\":0,\"offset\":-1}]", "negative partition or offset")]
    [InlineData("\"readBackFrom\":[{\"topic\":\"t\",\"partition\":-1,\"offset\":0}]", "negative partition or offset")]
    [InlineData("\"readBackFrom\":[{\"topic\":\"t\",\"partition\":0,\"offset\":1},{\"topic\":\"t\",\"partition\":0,\"offset\":2}]", "names t [0] twice")]
    public void Decode_BadPendingOrReadBack_RefusesWithReason(string fields, string reason)
    {
        var json = "{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\"," +
            (fields.Contains("lastFired", StringComparison.Ordinal) ? "" : "\"lastFired\":{},") + fields + "}";

        var result = Decode(json);

        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_Checkpoint_WritesDocumentedFieldNames()
    {
        var json = Encoding.UTF8.GetString(ScheduleCheckpointCodec.Encode(Sample()));

        Assert.StartsWith("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":7,", json, StringComparison.Ordinal);
        Assert.Contains("\"scheduledUpTo\":\"2025-03-30T01:00:00+00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lastFired\":{\"backup\":", json, StringComparison.Ordinal);
        Assert.EndsWith("\"pending\":{},\"readBackFrom\":[]}", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EmptyBytes_IsEmptyNotAnError()
    {
        var result = ScheduleCheckpointCodec.Decode([], "prod");

        Assert.True(result.IsSuccess);
        Assert.Null(result.Checkpoint);
    }

    [Theory]
    [InlineData("not json", "invalid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("{\"deploymentId\":\"prod\"}", "formatVersion is missing")]
    [InlineData("{\"formatVersion\":\"1\"}", "formatVersion is not an integer")]
    [InlineData("{\"formatVersion\":2,\"deploymentId\":\"prod\"}", "unsupported formatVersion 2")]
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":1,\"writtenAt\":\"2025-01-01T00:00:00Z\"}", "invalid JSON")]
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":0,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{}}", "epoch must be at least 1")]
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{}}", "writtenAt is missing")]
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{\" \":\"2024-01-01T00:00:00Z\"}}", "empty job name")]
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":{\"a\":\"2025-01-01T00:00:01Z\"}}", "after scheduledUpTo")]
    [InlineData("null", "not a JSON object")]
    public void Decode_CorruptCheckpoint_RefusesWithReason(string json, string reason)
    {
        var result = Decode(json);

        Assert.False(result.IsSuccess);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ForeignDeployment_RefusesNamingBoth()
    {
        var result = ScheduleCheckpointCodec.Decode(ScheduleCheckpointCodec.Encode(Sample()), "staging");

        Assert.False(result.IsSuccess);
        Assert.Equal("checkpoint belongs to deployment 'prod', not 'staging'", result.Error);
    }

    [Fact]
    public void Decode_OversizedValue_RefusesBeforeParsing()
    {
        var result = ScheduleCheckpointCodec.Decode(new byte[ScheduleCheckpointCodec.MaxBytes + 1], "prod");

        Assert.False(result.IsSuccess);
        Assert.Contains("exceeds", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_TooManyPendingJobs_ThrowsTooLargeNamingTheCountAndTheSize()
    {
        var jobs = Enumerable.Range(0, 30_000).ToDictionary(i => "job-with-a-long-name-" + i, _ => UpTo);

        var error = Assert.Throws<CheckpointTooLargeException>(() => ScheduleCheckpointCodec.Encode(Sample() with { LastFired = new Dictionary<string, DateTimeOffset>(), Pending = jobs }));

        Assert.StartsWith("the checkpoint lists 30000 jobs by name and encodes to ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("bytes, over the 1000000-byte limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"lastFired\":null,")]
    [InlineData("")]
    public void Decode_WithoutLastFired_ReadsItEmpty(string lastFired)
    {
        var result = Decode("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\"," + lastFired + "\"scheduledUpTo\":\"2025-01-01T00:00:00Z\"}");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Empty(result.Checkpoint!.LastFired);
    }

    [Fact]
    public void Encode_WatermarkCheckpoint_StillWritesAnEmptyLastFiredForEarlierReleases()
    {
        var json = Encoding.UTF8.GetString(ScheduleCheckpointCodec.Encode(Sample() with { LastFired = new Dictionary<string, DateTimeOffset>() }));

        Assert.Contains("\"lastFired\":{}", json, StringComparison.Ordinal);
    }
}
