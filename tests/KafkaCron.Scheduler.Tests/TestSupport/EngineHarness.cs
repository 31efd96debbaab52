using System.Diagnostics;
using KafkaCron.Core.Jobs;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Pausing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>
/// Runs a <see cref="SchedulerEngine"/> on a fake clock. Steps wait until the loop is parked: its latest idle log
/// entry has nothing in flight and a wake-up instant still in the future, so the next step cannot race it.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    private const int IdleUntil = 2011;
    private const int IdleUntilWoken = 2015;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();

    public EngineHarness(SchedulerOptions? options = null)
    {
        Engine = new SchedulerEngine(Publisher, Schedules.For, Time, Metrics.Metrics,
            Options.Create(options ?? new SchedulerOptions { PublishRetries = 0 }), Logger,
            new PauseGate(Pauses, Runs, Metrics.Metrics, Time, Logger));
    }

    public FakePausedJobs Pauses { get; } = new();

    public RecordingRunWriter Runs { get; } = new();

    public FakeTimeProvider Time { get; } = new(Jobs.T0);

    public RecordingPublisher Publisher { get; } = new();

    public TestSchedules Schedules { get; } = new();

    public MetricsRecorder Metrics { get; } = new();

    public CapturingLogger<SchedulerEngine> Logger { get; } = new();

    public SchedulerEngine Engine { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    public Task StartAsync(JobFile file, long? epoch = null) => StartAsync(file, new SchedulerTerm { Epoch = epoch });

    public async Task StartAsync(JobFile file, SchedulerTerm term)
    {
        Engine.Apply(file);
        Run = Task.Run(() => Engine.RunAsync(term, _stop.Token));
        await SettleAsync(after: 0);
    }

    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        await SettleAsync(after: -1);
    }

    public async Task ApplyAsync(JobFile file)
    {
        var before = LastIdle()?.Sequence ?? 0;
        Engine.Apply(file);
        await SettleAsync(before);
    }

    /// <summary>Pauses exactly <paramref name="jobs"/> (none: resumes every job) and waits for the loop to take it in.</summary>
    public async Task PauseAsync(params string[] jobs)
    {
        var before = LastIdle()?.Sequence ?? 0;
        Pauses.Set(jobs);
        await SettleAsync(before);
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Run.WaitAsync(Patience);
    }

    /// <summary>For steps whose work waits on timers of its own (quick retries): advance in small steps until the condition holds.</summary>
    public async Task AdvanceUntilAsync(Func<bool> condition, TimeSpan step)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > Patience)
            {
                throw new TimeoutException("the engine never reached the expected state");
            }

            Time.Advance(step);
            await Task.Delay(5);
        }

        await SettleAsync(after: -1);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Run.WaitAsync(Patience);
        }
        catch (Exception) when (Run.IsFaulted)
        {
            // The test asserted on the failure already, or it does not matter to it.
        }

        _stop.Dispose();
        Metrics.Dispose();
    }

    private async Task SettleAsync(long after)
    {
        var watch = Stopwatch.StartNew();
        while (!Run.IsCompleted)
        {
            var idle = LastIdle();
            if (idle is not null && idle.Sequence > after && (int)idle.Values["InFlight"]! == 0
                && (idle.EventId == IdleUntilWoken || (DateTimeOffset)idle.Values["WakeAt"]! > Time.GetUtcNow()))
            {
                return;
            }

            if (watch.Elapsed > Patience)
            {
                throw new TimeoutException("the engine did not settle; last idle entry: " + idle?.Message);
            }

            await Task.Delay(1);
        }
    }

    private LogEntry? LastIdle() => Logger.LastOf(IdleUntil, IdleUntilWoken);
}
