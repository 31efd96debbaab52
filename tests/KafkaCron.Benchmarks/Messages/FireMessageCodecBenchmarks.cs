using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Messages;

namespace KafkaCron.Benchmarks.Messages;

/// <summary>The worker decodes every record and the scheduler encodes every fire: both sit on the hot path.</summary>
[MemoryDiagnoser]
public class FireMessageCodecBenchmarks
{
    private FireMessage _fire = null!;
    private byte[] _encoded = null!;
    private byte[] _garbage = null!;

    [GlobalSetup]
    public void Setup()
    {
        var scheduled = new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
        _fire = new FireMessage
        {
            FireId = Guid.CreateVersion7(scheduled).ToString(),
            Job = "nightly-backup",
            Cluster = "cluster-a",
            Command = "pg_dump app | gzip > /backup/app.sql.gz",
            Env = new Dictionary<string, string> { ["PGHOST"] = "db" },
            ScheduledAt = scheduled,
            PublishedAt = scheduled.AddMilliseconds(3),
            RemainingAttempts = 2,
            TimeoutSeconds = 1800,
            Retry = new RetrySpec { MaxAttempts = 3, InitialDelaySeconds = 10, Multiplier = 2, MaxDelaySeconds = 300 },
        };
        _encoded = FireMessageCodec.Encode(_fire);
        _garbage = [.. _encoded.AsSpan(0, _encoded.Length / 2)];
    }

    [Benchmark]
    public byte[] Encode() => FireMessageCodec.Encode(_fire);

    [Benchmark]
    public DecodeResult Decode() => FireMessageCodec.Decode(_encoded, "cluster-a");

    [Benchmark]
    public DecodeResult DecodeTruncated() => FireMessageCodec.Decode(_garbage, "cluster-a");
}
