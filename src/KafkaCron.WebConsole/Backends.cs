using Confluent.Kafka;
using KafkaCron.ZooKeeper.Client;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole;

/// <summary>
/// Every call the console makes to Kafka or ZooKeeper goes through here: bounded by
/// <see cref="ConsoleOptions.BackendTimeout"/>, off the request thread (librdkafka's calls block), and with every way
/// such a call fails turned into one <see cref="BackendUnavailableException"/> that names the backend.
/// </summary>
internal sealed class Backends(IOptions<ConsoleOptions> options)
{
    public const string Kafka = "Kafka";
    public const string ZooKeeper = "ZooKeeper";

    public TimeSpan Timeout => options.Value.BackendTimeout;

    public async Task<T> CallAsync<T>(string backend, Func<CancellationToken, Task<T>> call, CancellationToken requestAborted)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        bounded.CancelAfter(Timeout);
        try
        {
            return await Task.Run(() => call(bounded.Token), bounded.Token);
        }
        catch (OperationCanceledException ex) when (!requestAborted.IsCancellationRequested)
        {
            throw new BackendUnavailableException(backend, $"{backend} did not answer within {Timeout.TotalSeconds:0} s", ex);
        }
        catch (Exception ex) when (ex is KafkaException or ZooKeeperException or TimeoutException)
        {
            throw new BackendUnavailableException(backend, $"{backend} is not available: {ex.Message}", ex);
        }
    }
}
