using System.Diagnostics;
using KafkaCron.WebConsole.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Tests.Api;

public sealed class BackendsTests
{
    private readonly Backends _backends = new(Options.Create(new ConsoleOptions { BackendTimeoutSeconds = 1 }));

    [Fact]
    public async Task CallAsync_BlockingCallPastTheDeadline_AnswersAtTheDeadlineNamingTheBackend()
    {
        // A librdkafka call that ignores cancellation and blocks: the answer must not wait for it.
        using var release = new ManualResetEventSlim();
        var started = Stopwatch.GetTimestamp();

        var failure = await Assert.ThrowsAsync<BackendUnavailableException>(() => _backends.CallAsync(Backends.Kafka, _ =>
        {
            release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
            return Task.FromResult(0);
        }, CancellationToken.None));

        var elapsed = Stopwatch.GetElapsedTime(started);
        release.Set();
        Assert.Equal("Kafka did not answer within 1 s", failure.Message);
        Assert.True(elapsed < TimeSpan.FromSeconds(10), $"answered after {elapsed}");
    }

    [Fact]
    public async Task CallAsync_KafkaRefuses_SaysSo()
    {
        var failure = await Assert.ThrowsAsync<BackendUnavailableException>(() =>
            _backends.CallAsync<int>(Backends.Kafka, _ => throw KafkaDown.Exception(), CancellationToken.None));

        Assert.Equal("Kafka is not available: 1/1 brokers are down", failure.Message);
        Assert.Equal(Backends.Kafka, failure.Backend);
    }

    [Fact]
    public async Task CallAsync_CallerGoneAwayDuringTheCall_IsACancellationNotAnOutage()
    {
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        using var gone = new CancellationTokenSource();
        // A deadline far away: only the caller's going away may end this call, however slowly a loaded machine starts it.
        var patient = new Backends(Options.Create(new ConsoleOptions { BackendTimeoutSeconds = 60 }));
        var answer = patient.CallAsync(Backends.Kafka, _ =>
        {
            started.Set();
            release.Wait(TimeSpan.FromSeconds(30), CancellationToken.None);
            return Task.FromResult(0);
        }, gone.Token);
        Assert.True(started.Wait(TimeSpan.FromSeconds(30)), "the call started");

        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer);
        release.Set();
    }

    [Fact]
    public async Task CallAsync_CallerGoneAwayBefore_StartsNothing()
    {
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();
        var called = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _backends.CallAsync(Backends.Kafka, _ =>
        {
            called = true;
            return Task.FromResult(0);
        }, gone.Token));

        Assert.False(called);
    }
}
