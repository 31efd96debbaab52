using System.Text;
using System.Text.Json;
using Json.Schema;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Runs;

namespace KafkaCron.Core.Tests.Runs;

public sealed class RunRecordCodecTests
{
    // The schema registry is process-wide and refuses a second registration of the same $id.
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(DocsFile.PathOf("run-record.schema.json"))));

    private static readonly DateTimeOffset Scheduled = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A record of each outcome, shaped as its writer (worker or scheduler) writes it.</summary>
    public static TheoryData<string> Outcomes() => [.. RunOutcomes.All];

    internal static RunRecord Sample(string outcome) => outcome switch
    {
        RunOutcomes.Paused => new RunRecord
        {
            FireId = "0193f6a2-7c1e-7b3a-9a51-3f0c2d8e4b11",
            Job = "nightly-backup",
            Cluster = "cluster-a",
            Trigger = FireTriggers.Scheduled,
            Outcome = outcome,
            ScheduledAt = Scheduled,
            FinishedAt = Scheduled.AddMilliseconds(2),
            Detail = "paused by alice@ops-1 at 2026-11-26T18:00:00Z: db migration",
        },
        _ => new RunRecord
        {
            FireId = "0193f6a2-7c1e-7b3a-9a51-3f0c2d8e4b11",
            Job = "nightly-backup",
            Cluster = "cluster-a",
            Attempt = 2,
            Trigger = FireTriggers.Manual,
            Outcome = outcome,
            ScheduledAt = Scheduled,
            StartedAt = outcome is RunOutcomes.SkippedOverlap or RunOutcomes.SkippedDuplicate or RunOutcomes.StaleEpoch ? null : Scheduled.AddSeconds(1),
            FinishedAt = Scheduled.AddSeconds(3),
            DurationSeconds = outcome is RunOutcomes.SkippedOverlap or RunOutcomes.SkippedDuplicate or RunOutcomes.StaleEpoch ? null : 2.0,
            ExitCode = outcome switch { RunOutcomes.Succeeded => 0, RunOutcomes.Failed => 3, _ => null },
            Signal = outcome == RunOutcomes.Killed ? 9 : null,
            RemainingAttempts = 1,
            Worker = "worker-7",
            Epoch = 4,
            SourceTopic = "kcron.retry.cluster-a",
            SourcePartition = 1,
            SourceOffset = 42,
            StdoutTail = "dumped 12 tables\n",
            StderrTail = "warning: slow disk\n",
            StdoutBytes = 17,
            StderrBytes = 19,
            Detail = outcome == RunOutcomes.TimedOut ? "no exit within the 30 s timeout; process group terminated" : null,
        },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Encode_RecordOfEachOutcome_ConformsToThePublishedJsonSchema(string outcome)
    {
        using var document = JsonDocument.Parse(RunRecordCodec.Encode(Sample(outcome)));

        var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(result.IsValid, string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void TryDecode_EncodedRecord_RoundTripsEveryField(string outcome)
    {
        var original = Sample(outcome);

        Assert.True(RunRecordCodec.TryDecode(RunRecordCodec.Encode(original), out var decoded, out var error), error);
        Assert.Equal(original, decoded);
    }

    [Fact]
    public void JsonSchema_KilledRecordWithoutItsSignal_IsRejected()
    {
        using var document = JsonDocument.Parse(RunRecordCodec.Encode(Sample(RunOutcomes.Killed) with { Signal = null }));

        Assert.False(Schema.Value.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void JsonSchema_UnknownOutcome_IsRejected()
    {
        using var document = JsonDocument.Parse(RunRecordCodec.Encode(Sample(RunOutcomes.Failed) with { Outcome = "exploded" }));

        Assert.False(Schema.Value.Evaluate(document.RootElement).IsValid);
    }

    [Fact]
    public void Encode_OutputInAnyLanguage_IsWrittenAsTextNotEscapes()
    {
        var json = Encoding.UTF8.GetString(RunRecordCodec.Encode(Sample(RunOutcomes.Succeeded) with { StdoutTail = "Sicherung läuft: 完了 ✓\n" }));

        Assert.Contains("Sicherung läuft: 完了 ✓\\n", json, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJsonLine_OutputWithNewlines_IsOneLine()
    {
        var line = RunRecordCodec.ToJsonLine(Sample(RunOutcomes.Failed) with { StdoutTail = "a\nb\r\nc", StderrTail = "\u0000\t" });

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.True(RunRecordCodec.TryDecode(Encoding.UTF8.GetBytes(line), out var decoded, out _));
        Assert.Equal("a\nb\r\nc", decoded.StdoutTail);
    }

    [Fact]
    public void Encode_TailsBeyondTheRecordBound_KeepsTheirEndsAndFits()
    {
        // 1 MiB tails of three-byte characters: the largest Worker:OutputTailKiB allows, in the widest UTF-8 that is common.
        var stdout = new string('完', 1024 * 1024) + "last stdout line";
        var stderr = new string('x', 1024 * 1024) + "last stderr line";

        var bytes = RunRecordCodec.Encode(Sample(RunOutcomes.Failed) with { StdoutTail = stdout, StderrTail = stderr, StdoutBytes = 3L << 20 });

        Assert.InRange(bytes.Length, RunRecordCodec.MaxEncodedBytes / 4, RunRecordCodec.MaxEncodedBytes);
        Assert.True(RunRecordCodec.TryDecode(bytes, out var decoded, out var error), error);
        Assert.EndsWith("last stdout line", decoded.StdoutTail, StringComparison.Ordinal);
        Assert.EndsWith("last stderr line", decoded.StderrTail, StringComparison.Ordinal);
        Assert.Equal(3L << 20, decoded.StdoutBytes);
    }

    [Fact]
    public void Encode_TailCutAtASurrogatePair_NeverSplitsIt()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 200_000));

        var bytes = RunRecordCodec.Encode(Sample(RunOutcomes.Failed) with { StdoutTail = emoji });

        Assert.True(RunRecordCodec.TryDecode(bytes, out var decoded, out var error), error);
        Assert.StartsWith("😀", decoded.StdoutTail, StringComparison.Ordinal);
        Assert.True(bytes.Length <= RunRecordCodec.MaxEncodedBytes);
    }

    [Theory]
    [InlineData("", "empty value")]
    [InlineData("\u0001garbage", "invalid JSON")]
    [InlineData("[1]", "not a JSON object")]
    [InlineData("null", "not a JSON object")]
    [InlineData("""{"schemaVersion":2,"fireId":"f"}""", "unsupported schemaVersion 2")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","cluster":"c","trigger":"scheduled","scheduledAt":"2026-11-27T03:00:00Z","finishedAt":"2026-11-27T03:00:00Z"}""", "outcome")]
    [InlineData("""{"schemaVersion":1,"fireId":" ","job":"j","cluster":"c","trigger":"scheduled","outcome":"failed","scheduledAt":"2026-11-27T03:00:00Z","finishedAt":"2026-11-27T03:00:00Z"}""", "fireId is empty")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","cluster":"c","attempt":0,"trigger":"scheduled","outcome":"failed","scheduledAt":"2026-11-27T03:00:00Z","finishedAt":"2026-11-27T03:00:00Z"}""", "attempt must be at least 1")]
    [InlineData("""{"schemaVersion":1,"fireId":"f","job":"j","cluster":"c","trigger":"scheduled","outcome":"failed","scheduledAt":"yesterday","finishedAt":"2026-11-27T03:00:00Z"}""", "invalid JSON")]
    public void TryDecode_Garbage_FailsWithAReasonAndNeverThrows(string value, string expected)
    {
        Assert.False(RunRecordCodec.TryDecode(Encoding.UTF8.GetBytes(value), out var record, out var error));
        Assert.Null(record);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_EveryTruncationOfAValidRecord_FailsWithoutThrowing()
    {
        var encoded = RunRecordCodec.Encode(Sample(RunOutcomes.Succeeded));

        for (var length = 0; length < encoded.Length - 1; length++)
        {
            Assert.False(RunRecordCodec.TryDecode(encoded.AsSpan(0, length), out _, out _));
        }
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(1, null)]
    [InlineData(128, null)]
    [InlineData(137, 9)]
    [InlineData(143, 15)]
    [InlineData(192, 64)]
    [InlineData(193, null)]
    [InlineData(255, null)]
    public void SignalOf_ExitStatus_IsTheShellsReading(int exitCode, int? signal)
    {
        Assert.Equal(signal, ExitStatus.SignalOf(exitCode));
    }

    [Fact]
    public void NameOf_Signals_NameTheCommonOnes()
    {
        Assert.Equal("SIGKILL", ExitStatus.NameOf(9));
        Assert.Equal("SIGTERM", ExitStatus.NameOf(15));
        Assert.Equal("signal 42", ExitStatus.NameOf(42));
    }

    [Fact]
    public void IsFailure_OnlyRunsThatDidNotSucceed()
    {
        Assert.Equal([RunOutcomes.Failed, RunOutcomes.TimedOut, RunOutcomes.Killed], RunOutcomes.All.Where(RunOutcomes.IsFailure));
    }
}
