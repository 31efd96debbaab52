using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Topics;
using KafkaCron.Worker.Execution;
using Microsoft.Extensions.Options;

namespace KafkaCron.Worker.Hosting;

/// <summary>
/// What must hold before a worker consumes anything: its settings are valid, jobs can be put in a session of their
/// own, and its cluster's topics exist (a worker never creates them: <see cref="TopicProvisioner.Require"/>).
/// <c>kcron worker</c> runs it before the host starts, so that a failure is reported in one line with nothing logged
/// before it; the hosted service runs it too, for hosts built without the command. It checks once per process.
/// </summary>
public sealed class WorkerStartupCheck(IOptions<WorkerOptions> options, KafkaClientFactory clients, TopicProvisioner topics)
{
    private int _passed;

    /// <exception cref="TopicsUnavailableException">A topic of the cluster is missing or laid out differently.</exception>
    /// <exception cref="PlatformNotSupportedException">Jobs cannot be spawned here as the worker needs.</exception>
    public void Run()
    {
        if (Volatile.Read(ref _passed) == 1)
        {
            return;
        }

        var settings = options.Value;
        ChildSpawner.EnsureAvailable();
        topics.Require(clients.Options.TopicNames.All(settings.Cluster), "a worker");
        Volatile.Write(ref _passed, 1);
    }
}
