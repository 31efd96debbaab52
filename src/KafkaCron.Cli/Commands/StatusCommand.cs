using System.CommandLine;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Cli.Commands;

/// <summary><c>kcron status</c>: the scheduler leader, its epoch, the standbys and the schedule checkpoint.</summary>
internal static class StatusCommand
{
    /// <summary>Exit code when the checkpoint exists but a scheduler would refuse it.</summary>
    public const int CheckpointRefused = 2;

    public static Command Create()
    {
        var zookeeper = new Option<string>("--zookeeper")
        {
            Description = "ZooKeeper ensemble, host:port[,host:port...]",
            Required = true,
        };
        var deployment = new Option<string>("--deployment")
        {
            Description = "Deployment id the scheduler replicas were started with",
            DefaultValueFactory = _ => "default",
        };
        var root = new Option<string>("--zookeeper-root")
        {
            Description = "Root znode of KafkaCron's election data",
            DefaultValueFactory = _ => "/kcron",
        };

        var command = new Command("status", "Show the scheduler leader, its epoch, the standbys and the schedule checkpoint.")
        {
            zookeeper,
            deployment,
            root,
        };
        command.SetAction(async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            ElectionStatus status;
            try
            {
                status = await ElectionInspector.ReadAsync(
                    parse.GetRequiredValue(zookeeper), parse.GetRequiredValue(deployment), parse.GetRequiredValue(root),
                    TimeProvider.System, NullLogger.Instance, ct);
            }
            catch (FormatException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"kcron status: {ex.Message}");
                return 1;
            }
            catch (ZooKeeperException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync(
                    $"kcron status: {ex.Message}. Without ZooKeeper (or its quorum) no scheduler replica can prove that it leads, so none publishes fires.");
                return 1;
            }

            await output.WriteAsync(ElectionStatusFormatter.Format(status, TimeProvider.System.GetUtcNow()));
            return status.CheckpointError is null ? 0 : CheckpointRefused;
        });
        return command;
    }
}
