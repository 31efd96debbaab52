using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.BenchCompare;

/// <summary>
/// The floor beside both schedulers, run as a child process: no plan and no schedule, only KafkaCron's own publishing
/// path. At each whole second it encodes every fire due then (the scheduler's templates) and hands it to the scheduler's
/// publisher (<see cref="KafkaFirePublisher"/>: the same lane, producer and records). Whatever lag it shows
/// is what this machine, this client and this mock cluster cost before any scheduling: a scheduler's lag above it is
/// the scheduler's own. With <c>threads</c> 2 it encodes each second's fires on two threads, which hand them to the one
/// lane: the floor of a scheduler that would plan on two.
/// </summary>
internal sealed class BareProducerCandidate : IPublishOutcomes
{
    private long _failed;

    public static async Task<int> RunAsync(string bootstrap, string cluster, BenchRow row, int threads)
    {
        using var clients = ClientFactory.Create(bootstrap);
        using var publisher = new KafkaFirePublisher(clients.Factory, NullLogger<KafkaFirePublisher>.Instance);
        var templates = Enumerable.Range(0, row.Jobs)
            .Select(i => FireTemplate.For(new JobDefinition { Name = $"job-{i}", Schedule = "-", Cluster = cluster, Command = "true" }))
            .ToArray();
        var outcomes = new BareProducerCandidate();
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        await Console.Out.WriteLineAsync("ready");
        var time = TimeProvider.System;
        while (!stop.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var due = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1);
            await Task.Delay(due - now, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            // A timer may end a little early; a fire never goes out before its instant.
            while (time.GetUtcNow() < due && !stop.IsCancellationRequested)
            {
                Thread.Yield();
            }

            // Thread t publishes the fires of jobs t, t + threads, t + 2 * threads, ...
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, first =>
            {
                for (var i = first; i < templates.Length && !stop.IsCancellationRequested; i += threads)
                {
                    if (row.SecondOf(i) is { } second && second != due.Second)
                    {
                        continue;
                    }

                    var fireId = FireIds.NewVersion7(due);
                    var outgoing = new OutgoingFire(null, cluster, templates[i].Key, fireId.ToString(), outcomes)
                    {
                        Value = templates[i].Encode(due, time.GetUtcNow(), fireId, epoch: null),
                    };
                    publisher.Publish(outgoing);
                }
            });
        }

        return Interlocked.Read(ref outcomes._failed) == 0 ? 0 : 1;
    }

    public void Report(OutgoingFire fire)
    {
        if (fire.Failure is not null)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
