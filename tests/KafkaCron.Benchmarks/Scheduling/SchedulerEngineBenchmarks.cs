using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler;
using KafkaCron.Scheduler.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace KafkaCron.Benchmarks.Scheduling;

/// <summary>
/// The scheduler's own cost per fire, Kafka left out: every job fires every second, the clock is a fake one moved a
/// second per operation, and the publisher acknowledges each fire as it is handed over. What remains is the loop:
/// taking due fires from the plan, encoding, handing over, taking the outcomes back, planning the next fires, and the
/// metrics (recorded into the OpenTelemetry SDK, as in a scheduler that serves /metrics). Divide by
/// <see cref="Jobs"/> for the cost of one fire.
/// </summary>
[MemoryDiagnoser]
#pragma warning disable CA1001 // BenchmarkDotNet calls no Dispose; GlobalCleanup releases everything.
public class SchedulerEngineBenchmarks
#pragma warning restore CA1001
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly CancellationTokenSource _stop = new();
    private ServiceProvider _services = null!;
    private MeterProvider _meters = null!;
    private AcknowledgingPublisher _publisher = null!;
    private Task _run = Task.CompletedTask;

    [Params(10_000, 100_000)]
    public int Jobs { get; set; }

    [GlobalSetup]
    public void Start()
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        _meters = Sdk.CreateMeterProviderBuilder()
            .AddMeter(KafkaCronMetrics.MeterName)
            .AddReader(new PeriodicExportingMetricReader(new DiscardingExporter(), exportIntervalMilliseconds: 3_600_000))
            .Build();
        var metrics = new KafkaCronMetrics(_services.GetRequiredService<IMeterFactory>());
        _publisher = new AcknowledgingPublisher();
        var engine = new SchedulerEngine(_publisher, FireSchedules.For, _time, metrics,
            Options.Create(new SchedulerOptions { JobsFile = "bench.yaml" }), NullLogger<SchedulerEngine>.Instance);
        engine.Apply(new JobFile(
            [new ClusterDefinition("cluster-a")],
            [.. Enumerable.Range(0, Jobs).Select(i => new JobDefinition { Name = $"job-{i}", Schedule = "* * * * * *", Cluster = "cluster-a", Command = "true" })]));
        _run = Task.Run(() => engine.RunAsync(epoch: 7, _stop.Token));
    }

    /// <summary>One second of the schedule: <see cref="Jobs"/> fires published and acknowledged.</summary>
    [Benchmark]
    public void OneSecondOfFires()
    {
        _publisher.ExpectMore(Jobs);
        _time.Advance(TimeSpan.FromSeconds(1));
        _publisher.Wait();
    }

    [GlobalCleanup]
    public void Stop()
    {
        _stop.Cancel();
        _run.Wait();
        _meters.Dispose();
        _services.Dispose();
        _publisher.Dispose();
        _stop.Dispose();
    }

    private sealed class AcknowledgingPublisher : IFirePublisher, IDisposable
    {
        private readonly ManualResetEventSlim _reached = new();
        private long _acknowledged;
        private long _target;

        public void ExpectMore(int fires)
        {
            _reached.Reset();
            Interlocked.Exchange(ref _target, Interlocked.Read(ref _acknowledged) + fires);
        }

        public void Wait() => _reached.Wait();

        public void Publish(OutgoingFire fire)
        {
            var acknowledged = Interlocked.Increment(ref _acknowledged);
            fire.Delivered(new FireReceipt("kcron.jobs.cluster-a", 0, acknowledged));
            if (acknowledged == Interlocked.Read(ref _target))
            {
                _reached.Set();
            }
        }

        public void Dispose() => _reached.Dispose();
    }

    private sealed class DiscardingExporter : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
    }
}
