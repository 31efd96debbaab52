using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.ZooKeeper.Client;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole;

/// <summary>
/// Every call the console makes to Kafka or ZooKeeper goes through here: bounded by
/// <see cref="ConsoleOptions.BackendTimeout"/>, off the request thread (librdkafka's calls block), and with every way
/// such a call fails turned into one <see cref="BackendUnavailableException"/> that names the backend.
/// </summary>
/// <remarks>
/// The answer leaves at the deadline even when a blocking librdkafka call inside has not returned yet (a metadata or
/// watermark request waits up to its own timeout, one per partition): that call ends on its own and its client is
/// disposed then. So a 503 for an action means its outcome is unknown, not that nothing happened.
/// </remarks>
internal sealed class Backends(IOptions<ConsoleOptions> options)
{
    public const string Kafka = "Kafka";
    public const string ZooKeeper = "ZooKeeper";

    public TimeSpan Timeout => options.Value.BackendTimeout;

    public async Task<T> CallAsync<T>(string backend, Func<CancellationToken, Task<T>> call, CancellationToken requestAborted)
    {
        requestAborted.ThrowIfCancellationRequested();
        // Owned by the call, not by this method: a call still running after the deadline may keep using its token.
        var bounded = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        bounded.CancelAfter(Timeout);
        var work = Task.Run(() => call(bounded.Token), CancellationToken.None);
        _ = work.ContinueWith(static (done, source) =>
        {
            _ = done.Exception;
            ((CancellationTokenSource)source!).Dispose();
        }, bounded, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            return await work.WaitAsync(Timeout, requestAborted);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !requestAborted.IsCancellationRequested))
        {
            throw new BackendUnavailableException(backend, $"{backend} did not answer within {Timeout.TotalSeconds:0} s", ex);
        }
        catch (KafkaUnavailableException ex)
        {
            // The run history, trigger and pause code says what it asked of which Kafka, in one line already.
            throw new BackendUnavailableException(backend, ex.Message, ex);
        }
        catch (Exception ex) when (ex is KafkaException or ZooKeeperException)
        {
            throw new BackendUnavailableException(backend, $"{backend} is not available: {ex.Message}", ex);
        }
    }
}
