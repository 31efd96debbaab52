using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using KafkaCron.Cli.Hosting;
using KafkaCron.Worker;
using KafkaCron.Worker.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace KafkaCron.Cli.Commands;

/// <summary><c>kcron worker --cluster NAME</c>: consume the cluster's topic and run its jobs until SIGTERM.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster")
        {
            Description = "The cluster whose jobs this worker runs (Worker:Cluster).",
            Required = true,
        };
        var concurrency = new Option<int?>("--concurrency")
        {
            Description = "Jobs run at once; default: the number of processors (Worker:Concurrency).",
        };
        var workerId = new Option<string?>("--worker-id")
        {
            Description = "Stable id of this worker, given to jobs as KCRON_WORKER; default: <hostname>-<pid> (Worker:WorkerId).",
        };
        var groupId = new Option<string?>("--group-id")
        {
            Description = "Kafka consumer group; default: kcron-<cluster> (Worker:GroupId).",
        };
        var retry = new Option<bool>("--retry")
        {
            Description = "Consume the cluster's retry topic (kcron.retry.<cluster>) in the group kcron-<cluster>-retry and run retries when due (Worker:Retry).",
        };
        var settings = new SettingsOptions();

        var command = new Command("worker", "Run the jobs of one cluster: consume its topic, run each fire, commit when done.");
        command.Options.Add(cluster);
        command.Options.Add(concurrency);
        command.Options.Add(workerId);
        command.Options.Add(groupId);
        command.Options.Add(retry);
        settings.AddTo(command);

        command.SetAction(SettingsErrorReport.Around("worker", async (parseResult, cancellationToken) =>
        {
            var flags = settings.ToConfiguration(parseResult).ToList();
            flags.Add(Setting(nameof(WorkerOptions.Cluster), parseResult.GetValue(cluster)));
            if (parseResult.GetValue(concurrency) is { } slots)
            {
                flags.Add(Setting(nameof(WorkerOptions.Concurrency), slots.ToString(CultureInfo.InvariantCulture)));
            }

            if (parseResult.GetValue(workerId) is { } id)
            {
                flags.Add(Setting(nameof(WorkerOptions.WorkerId), id));
            }

            if (parseResult.GetValue(groupId) is { } group)
            {
                flags.Add(Setting(nameof(WorkerOptions.GroupId), group));
            }

            if (parseResult.GetValue(retry))
            {
                flags.Add(Setting(nameof(WorkerOptions.Retry), "true"));
            }

            var builder = KcronHost.CreateBuilder(parseResult.GetValue(settings.ConfigFile), flags, "kcron-worker",
                parseResult.GetValue(retry) ? KcronHost.DefaultRetryWorkerMetricsPort : KcronHost.DefaultWorkerMetricsPort);
            builder.Services.AddKcronWorker();
            using var host = builder.Build();
            host.ValidateSettings();
            try
            {
                host.Services.GetRequiredService<WorkerStartupCheck>().Run();
            }
            catch (KafkaException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kcron worker: Kafka is not reachable: {ex.Message}");
                return 1;
            }
            catch (PlatformNotSupportedException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kcron worker: cannot run jobs on this machine: {ex.Message}");
                return 1;
            }

            var failure = host.Services.WorkerFailureProbe();
            await host.RunAsync(cancellationToken);
            // A failure of the worker itself that is a setting's fault (its cluster's topics missing) exits like one.
            if (failure() is { } cause && SettingsErrorReport.Describe(cause).Count > 0)
            {
                throw cause;
            }

            return failure() is null ? 0 : 1;
        }));
        return command;
    }

    private static KeyValuePair<string, string?> Setting(string name, string? value) =>
        new($"{WorkerOptions.SectionName}:{name}", value);
}
