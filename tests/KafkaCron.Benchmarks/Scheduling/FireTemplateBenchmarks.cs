using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Benchmarks.Scheduling;

/// <summary>The scheduler's encoding per fire: the codec on a message built per fire, against the job's template.</summary>
[MemoryDiagnoser]
public class FireTemplateBenchmarks
{
    private readonly DateTimeOffset _scheduled = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);
    private JobDefinition _job = null!;
    private FireTemplate _template = null!;
    private Guid _fireId;

    [GlobalSetup]
    public void Setup()
    {
        _job = new JobDefinition
        {
            Name = "nightly-backup",
            Schedule = "0 3 * * *",
            Cluster = "cluster-a",
            Command = "pg_dump app | gzip > /backup/app.sql.gz",
            Env = new Dictionary<string, string> { ["PGHOST"] = "db" },
            Timeout = TimeSpan.FromMinutes(30),
            Retry = new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 2, MaxDelay = TimeSpan.FromMinutes(5) },
        };
        _template = FireTemplate.For(_job);
        _fireId = Guid.CreateVersion7(_scheduled);
    }

    [Benchmark(Baseline = true)]
    public byte[] FactoryAndCodec() =>
        FireMessageCodec.Encode(FireMessageFactory.Create(_job, _scheduled, _scheduled.AddTicks(31_234), _fireId.ToString(), 7));

    [Benchmark]
    public byte[] Template() => _template.Encode(_scheduled, _scheduled.AddTicks(31_234), _fireId, 7);

    /// <summary>Paid once per job and job file, off the loop: two encodings and a comparison.</summary>
    [Benchmark]
    public FireTemplate Build() => FireTemplate.For(_job);
}
