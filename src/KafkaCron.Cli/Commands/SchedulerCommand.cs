using System.CommandLine;
using Confluent.Kafka;
using KafkaCron.Cli.Hosting;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler;
using KafkaCron.Scheduler.Hosting;
using KafkaCron.Scheduler.JobFiles;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron scheduler</c>: publishes a fire for every due job to its cluster's topic; with <c>--zookeeper</c>, as one
/// of several replicas of which the elected leader publishes.
/// </summary>
internal static class SchedulerCommand
{
    /// <summary>The section of the election settings; a connection string there turns leader election on.</summary>
    public const string ZooKeeperSection = SchedulerServiceCollectionExtensions.ZooKeeperSection;

    /// <summary>The process stopped because something broke while it ran (Kafka topics, a broken producer).</summary>
    public const int ExitFailure = 1;

    /// <summary>The settings or the job file are invalid; nothing was started.</summary>
    public const int ExitInvalidConfiguration = 2;

    public static Command Create()
    {
        var settings = new SettingsOptions();
        var jobs = new Option<FileInfo?>("--jobs")
        {
            Description = "Job file (YAML) to schedule (Scheduler:JobsFile). It is reloaded when it changes or on SIGHUP.",
        };
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "A cluster jobs may target; repeat for each (Scheduler:Clusters), besides those the job file declares.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        var election = new ElectionFlags();
        var command = new Command("scheduler", "Publish a fire message for every due job to its cluster's Kafka topic.");
        command.Options.Add(jobs);
        command.Options.Add(clusters);
        election.AddTo(command);
        settings.AddTo(command);
        command.SetAction(SettingsErrorReport.Around("scheduler",
            (parseResult, cancellationToken) => RunAsync(parseResult, settings, election, jobs, clusters, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        SettingsOptions settings,
        ElectionFlags election,
        Option<FileInfo?> jobs,
        Option<string[]> clusters,
        CancellationToken cancellationToken)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var flags = settings.ToConfiguration(parseResult).ToList();
        if (parseResult.GetValue(jobs) is { } jobsFile)
        {
            flags.Add(new($"{SchedulerOptions.SectionName}:{nameof(SchedulerOptions.JobsFile)}", jobsFile.FullName));
        }

        flags.AddRange(election.ToConfiguration(parseResult));

        HostApplicationBuilder builder;
        try
        {
            builder = KcronHost.CreateBuilder(parseResult.GetValue(settings.ConfigFile), flags, "kcron-scheduler");
        }
        catch (FileNotFoundException ex)
        {
            await error.WriteLineAsync($"kcron scheduler: {ex.Message}");
            return ExitInvalidConfiguration;
        }

        builder.Services.AddKcronScheduler(builder.Configuration, parseResult.GetValue(clusters) ?? []);
        using var host = builder.Build();
        SchedulerService service;
        try
        {
            // RunAsync disposes the host's services when it returns: take the service now to read its outcome later.
            // Resolving it validates the options, so it belongs inside the handlers below.
            service = host.Services.GetServices<IHostedService>().OfType<SchedulerService>().Single();
            host.ValidateSettings();
            await host.Services.PrepareKcronSchedulerAsync(cancellationToken);
            await host.RunAsync(cancellationToken);
        }
        catch (JobFileInvalidException ex)
        {
            foreach (var problem in ex.Problems)
            {
                await error.WriteLineAsync(problem.ToString());
            }

            await error.WriteLineAsync($"kcron scheduler: {ex.Message}; not starting");
            return ExitInvalidConfiguration;
        }
        catch (Exception ex) when (ex is OptionsValidationException or AggregateException { InnerExceptions: [OptionsValidationException, ..] })
        {
            var failures = ex is AggregateException aggregate
                ? aggregate.InnerExceptions.OfType<OptionsValidationException>()
                : [(OptionsValidationException)ex];
            foreach (var invalid in failures)
            {
                // The election options are bound from a section of the scheduler's; say which.
                var section = invalid.OptionsType == typeof(ZooKeeperElectionOptions) ? ZooKeeperSection + ": " : "";
                foreach (var failure in invalid.Failures)
                {
                    await error.WriteLineAsync($"kcron scheduler: {section}{failure}");
                }
            }

            return ExitInvalidConfiguration;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"kcron scheduler: cannot read the job file: {ex.Message}");
            return ExitInvalidConfiguration;
        }
        catch (TopicsUnavailableException ex)
        {
            await error.WriteLineAsync($"kcron scheduler: {ex.Message}");
            return ExitFailure;
        }
        catch (KafkaException ex)
        {
            await error.WriteLineAsync($"kcron scheduler: Kafka is not reachable: {ex.Message}");
            return ExitFailure;
        }

        if (service.ExecuteTask?.Exception is { } failed)
        {
            await error.WriteLineAsync($"kcron scheduler: stopped after a failure: {failed.GetBaseException().Message}");
            return ExitFailure;
        }

        return 0;
    }
}
