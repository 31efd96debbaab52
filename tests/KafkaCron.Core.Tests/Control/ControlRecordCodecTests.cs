using System.Text;
using KafkaCron.Core.Control;

namespace KafkaCron.Core.Tests.Control;

public sealed class ControlRecordCodecTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    internal static JobPause Paused(string job, bool paused = true, string? reason = "db migration") =>
        new() { Job = job, Paused = paused, By = "alice@ops-1", At = At, Reason = reason };

    [Fact]
    public void Decode_EncodedPause_RoundTripsUnderItsKey()
    {
        var pause = Paused("backup");

        var record = ControlRecordCodec.Decode(ControlRecordCodec.PauseKey("backup"), ControlRecordCodec.Encode(pause), isTombstone: false);

        Assert.Equal(ControlRecordKind.Pause, record.Kind);
        Assert.Equal("backup", record.Job);
        Assert.Equal(pause, record.State);
        Assert.Equal("pause/backup", ControlRecordCodec.PauseKey("backup"));
    }

    [Fact]
    public void Encode_Pause_IsTheDocumentedJson()
    {
        var json = Encoding.UTF8.GetString(ControlRecordCodec.Encode(Paused("backup")));

        Assert.Equal("""{"schemaVersion":1,"kind":"pause","job":"backup","paused":true,"by":"alice@ops-1","at":"2026-11-27T09:00:00+00:00","reason":"db migration"}""", json);
    }

    [Fact]
    public void Decode_Tombstone_ClearsTheJob()
    {
        var record = ControlRecordCodec.Decode("pause/backup", [], isTombstone: true);

        Assert.Equal(ControlRecordKind.Cleared, record.Kind);
        Assert.Equal("backup", record.Job);
    }

    [Fact]
    public void Decode_KeyOfAnotherKindOfControl_IsLeftAlone()
    {
        Assert.Equal(ControlRecordKind.Unknown, ControlRecordCodec.Decode("quota/cluster-a", "{}"u8, isTombstone: false).Kind);
    }

    [Theory]
    [InlineData(null, """{"schemaVersion":1}""", "the record has no key")]
    [InlineData("pause/Not A Job", """{"schemaVersion":1}""", "names no valid job")]
    [InlineData("pause/backup", "garbage", "invalid JSON")]
    [InlineData("pause/backup", "", "invalid JSON")]
    [InlineData("pause/backup", """{"schemaVersion":9}""", "unsupported schemaVersion 9")]
    [InlineData("pause/backup", """{"schemaVersion":1,"kind":"pause","job":"backup","by":"a"}""", "invalid JSON")]
    [InlineData("pause/backup", """{"schemaVersion":1,"kind":"pause","job":"other","paused":true,"by":"a","at":"2026-11-27T09:00:00Z"}""", "does not match its key")]
    [InlineData("pause/backup", """{"schemaVersion":1,"kind":"halt","job":"backup","paused":true,"by":"a","at":"2026-11-27T09:00:00Z"}""", "kind 'halt' under a pause key")]
    [InlineData("pause/backup", """{"schemaVersion":1,"kind":"pause","job":"backup","paused":true,"by":" ","at":"2026-11-27T09:00:00Z"}""", "by is empty")]
    public void Decode_Garbage_IsInvalidWithAReason(string? key, string value, string expected)
    {
        var record = ControlRecordCodec.Decode(key, Encoding.UTF8.GetBytes(value), isTombstone: false);

        Assert.Equal(ControlRecordKind.Invalid, record.Kind);
        Assert.Contains(expected, record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_Pause_SaysWhoWhenAndWhy()
    {
        Assert.Equal("paused by alice@ops-1 at 2026-11-27T09:00:00Z: db migration", Paused("backup").Describe());
        Assert.Equal("resumed by alice@ops-1 at 2026-11-27T09:00:00Z", Paused("backup", paused: false, reason: null).Describe());
    }
}
