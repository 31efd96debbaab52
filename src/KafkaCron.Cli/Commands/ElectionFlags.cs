using System.CommandLine;
using System.Globalization;
using KafkaCron.ZooKeeper.Election;

namespace KafkaCron.Cli.Commands;

/// <summary>The scheduler's leader election flags; each sets a <c>Scheduler:ZooKeeper:*</c> setting.</summary>
internal sealed class ElectionFlags
{
    public Option<string?> ZooKeeper { get; } = new("--zookeeper")
    {
        Description = "ZooKeeper ensemble host:port[,host:port...]: run as one of several replicas, of which the elected leader publishes (Scheduler:ZooKeeper:ConnectionString). Without it the scheduler runs alone.",
    };

    public Option<string?> ReplicaId { get; } = new("--replica-id")
    {
        Description = "This replica's name in kcron status (Scheduler:ZooKeeper:ReplicaId; default host:pid).",
    };

    public Option<string?> DeploymentId { get; } = new("--deployment-id")
    {
        Description = "Replicas with the same deployment id elect one leader and share one checkpoint (Scheduler:ZooKeeper:DeploymentId; default 'default').",
    };

    public Option<double?> SessionTimeout { get; } = new("--session-timeout")
    {
        Description = "ZooKeeper session timeout in seconds: a dead leader is replaced after about this long (Scheduler:ZooKeeper:SessionTimeout; default 10).",
    };

    public Option<string?> Root { get; } = new("--zookeeper-root")
    {
        Description = "Root znode of KafkaCron's election data (Scheduler:ZooKeeper:RootPath; default /kcron).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(ZooKeeper);
        command.Options.Add(ReplicaId);
        command.Options.Add(DeploymentId);
        command.Options.Add(SessionTimeout);
        command.Options.Add(Root);
    }

    /// <summary>The configuration keys set by flags present on the command line.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToConfiguration(ParseResult parseResult)
    {
        const string Section = SchedulerCommand.ZooKeeperSection;
        if (parseResult.GetValue(ZooKeeper) is { } connection)
        {
            yield return new($"{Section}:{nameof(ZooKeeperElectionOptions.ConnectionString)}", connection);
        }

        if (parseResult.GetValue(ReplicaId) is { } replica)
        {
            yield return new($"{Section}:{nameof(ZooKeeperElectionOptions.ReplicaId)}", replica);
        }

        if (parseResult.GetValue(DeploymentId) is { } deployment)
        {
            yield return new($"{Section}:{nameof(ZooKeeperElectionOptions.DeploymentId)}", deployment);
        }

        if (parseResult.GetValue(SessionTimeout) is { } seconds)
        {
            // Out of range values are left for the options validation to name; TimeSpan itself caps at ~29,000 years.
            var timeout = double.IsFinite(seconds) && Math.Abs(seconds) < 1e9 ? TimeSpan.FromSeconds(seconds) : TimeSpan.MaxValue;
            yield return new($"{Section}:{nameof(ZooKeeperElectionOptions.SessionTimeout)}", timeout.ToString("c", CultureInfo.InvariantCulture));
        }

        if (parseResult.GetValue(Root) is { } root)
        {
            yield return new($"{Section}:{nameof(ZooKeeperElectionOptions.RootPath)}", root);
        }
    }
}
