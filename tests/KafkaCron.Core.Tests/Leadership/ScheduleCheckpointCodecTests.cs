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
    public void Encode_Checkpoint_WritesDocumentedFieldNames()
    {
        var json = Encoding.UTF8.GetString(ScheduleCheckpointCodec.Encode(Sample()));

        Assert.StartsWith("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":7,", json, StringComparison.Ordinal);
        Assert.Contains("\"scheduledUpTo\":\"2025-03-30T01:00:00+00:00\"", json, StringComparison.Ordinal);
        Assert.Contains("\"lastFired\":{\"backup\":", json, StringComparison.Ordinal);
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
    [InlineData("{\"formatVersion\":1,\"deploymentId\":\"prod\",\"epoch\":3,\"writtenAt\":\"2025-01-01T00:00:00Z\",\"scheduledUpTo\":\"2025-01-01T00:00:00Z\",\"lastFired\":null}", "lastFired is missing")]
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
    public void Encode_TooManyJobs_Throws()
    {
        var jobs = Enumerable.Range(0, 30_000).ToDictionary(i => "job-with-a-long-name-" + i, _ => UpTo);

        Assert.Throws<ArgumentException>(() => ScheduleCheckpointCodec.Encode(Sample() with { LastFired = jobs }));
    }
}
