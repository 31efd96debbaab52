using System.CommandLine;
using KafkaCron.Kafka.Control;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Status;
using Microsoft.Extensions.Logging.Abstractions;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron status</c>: the scheduler leader, its epoch, the standbys and the schedule checkpoint (from ZooKeeper,
/// <c>--zookeeper</c>), and the paused jobs (from the control topic, <c>--bootstrap-servers</c>; with <c>--jobs</c>,
/// the jobs the file suspends too).
/// </summary>
internal static class StatusCommand
{
    /// <summary>Exit code when the checkpoint exists but a scheduler would refuse it.</summary>
    public const int CheckpointRefused = 2;

    public static Command Create(TimeProvider time)
    {
        var zookeeper = new Option<string?>("--zookeeper")
        {
            Description = "ZooKeeper ensemble, host:port[,host:port...]: show the leader, standbys and checkpoint.",
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
        var jobFile = new JobFileOptions(required: false, "The scheduler's job file: list the jobs it suspends among the paused ones.");
        var kafka = new KafkaCommandOptions();

        var command = new Command("status", "Show the scheduler leader, its epoch, the standbys, the schedule checkpoint and the paused jobs.")
        {
            zookeeper, deployment, root,
        };
        jobFile.AddTo(command);
        kafka.AddTo(command);
        command.Action = new KafkaCommandAction("status", async (parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var connection = parse.GetValue(zookeeper);
            var showPauses = kafka.IsGiven(parse);
            if (connection is null && !showPauses)
            {
                await error.WriteLineAsync("kcron status: give --zookeeper (leader, standbys, checkpoint), --bootstrap-servers (paused jobs), or both");
                return UsageCheckedAction.UsageError;
            }

            if (!jobFile.TryRead(parse, error, out var jobs, out var jobsPath))
            {
                return UsageCheckedAction.UsageError;
            }

            var exitCode = 0;
            if (connection is not null)
            {
                ElectionStatus status;
                try
                {
                    status = await ElectionInspector.ReadAsync(
                        connection, parse.GetRequiredValue(deployment), parse.GetRequiredValue(root), time, NullLogger.Instance, ct);
                }
                catch (FormatException ex)
                {
                    await error.WriteLineAsync($"kcron status: {ex.Message}");
                    return 1;
                }
                catch (ZooKeeperException ex)
                {
                    await error.WriteLineAsync(
                        $"kcron status: {ex.Message}. Without ZooKeeper (or its quorum) no scheduler replica can prove that it leads, so none publishes fires.");
                    return 1;
                }

                await output.WriteAsync(ElectionStatusFormatter.Format(status, time.GetUtcNow()));
                exitCode = status.CheckpointError is null ? 0 : CheckpointRefused;
            }

            if (showPauses)
            {
                using var context = kafka.Open(parse);
                var pauses = await new KafkaPauseStateReader(context.Clients, context.Metrics, context.Timeout).ReadAsync(ct);
                foreach (var skipped in pauses.Skipped)
                {
                    await error.WriteLineAsync($"kcron status: skipped a record that is not a control record, {skipped}");
                }

                foreach (var line in PausedJobsText.Lines(pauses, jobs, jobsPath, time.GetUtcNow()))
                {
                    await output.WriteLineAsync(line);
                }
            }

            return exitCode;
        });
        return command;
    }
}
