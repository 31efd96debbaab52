using System.CommandLine;
using Confluent.Kafka;
using KafkaCron.Cli.Hosting;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Kafka.ReadBack;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler;
using KafkaCron.Scheduler.Canary;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.Hosting;
using KafkaCron.Scheduler.JobFiles;
using KafkaCron.Scheduler.Leadership;
using KafkaCron.ZooKeeper;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron scheduler</c>: publishes a fire for every due job to its cluster's topic; with <c>--zookeeper</c>, as one
/// of several replicas of which the elected leader publishes.
/// </summary>
internal static class SchedulerCommand
{
    /// <summary>The section of the election settings; a connection string there turns leader election on.</summary>
    public const string ZooKeeperSection = SchedulerOptions.SectionName + ":" + ZooKeeperElectionOptions.SectionName;

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

        AddScheduler(builder.Services, builder.Configuration, parseResult.GetValue(clusters) ?? []);
        using var host = builder.Build();
        SchedulerService service;
        try
        {
            // RunAsync disposes the host's services when it returns: take the service now to read its outcome later.
            // Resolving it validates the options, so it belongs inside the handlers below.
            service = host.Services.GetServices<IHostedService>().OfType<SchedulerService>().Single();
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

    internal static void AddScheduler(IServiceCollection services, IConfiguration configuration, IReadOnlyList<string> clusterFlags)
    {
        var elected = !string.IsNullOrWhiteSpace(configuration[$"{ZooKeeperSection}:{nameof(ZooKeeperElectionOptions.ConnectionString)}"]);
        services.AddOptions<SchedulerOptions>()
            .BindConfiguration(SchedulerOptions.SectionName)
            .PostConfigure(options =>
            {
                // Flags replace the configured list as a whole; merged by index, they would keep its tail.
                if (clusterFlags.Count > 0)
                {
                    options.Clusters.Clear();
                    foreach (var cluster in clusterFlags)
                    {
                        options.Clusters.Add(cluster);
                    }
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SchedulerOptions>, SchedulerOptionsValidator>();

        services.AddSingleton<IFirePublisher>(sp =>
            new KafkaFirePublisher(sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<ILogger<KafkaFirePublisher>>()));
        services.AddSingleton(sp => new SchedulerEngine(
            // An elected replica opens a producer per term instead.
            elected ? null : sp.GetRequiredService<IFirePublisher>(),
            FireSchedules.For,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KafkaCronMetrics>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>(),
            sp.GetRequiredService<ILogger<SchedulerEngine>>()));
        services.AddSingleton(sp =>
        {
            var provisioner = sp.GetRequiredService<TopicProvisioner>();
            var names = sp.GetRequiredService<KafkaClientFactory>().Options.TopicNames;
            return new ClusterTopics(provisioner.EnsureAsync, names.All);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            return new JobFileMonitor(
                options.JobsFile!,
                [.. options.Clusters],
                options.ReloadDebounce,
                JobFileParser.Parse,
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<KafkaCronMetrics>(),
                sp.GetRequiredService<ILogger<JobFileMonitor>>(),
                ApplyWithCanaries(sp.GetRequiredService<ClusterTopics>(), sp.GetRequiredService<SchedulerEngine>(), options));
        });
        if (elected)
        {
            AddElection(services, configuration);
        }
        else
        {
            services.AddSingleton<ISchedulerRunner, StandaloneScheduler>();
        }

        services.AddHostedService<SchedulerService>();
    }

    private static Action<JobFile> ApplyWithCanaries(ClusterTopics topics, SchedulerEngine engine, SchedulerOptions options) =>
        jobFile =>
        {
            topics.EnsureBeforeApplying(jobFile);
            engine.Apply(CanaryJobs.AddTo(jobFile, options));
        };

    private static void AddElection(IServiceCollection services, IConfiguration configuration)
    {
        services.AddZooKeeperLeaderElection(options => configuration.GetSection(ZooKeeperSection).Bind(options));
        services.AddSingleton<ITermPublisherFactory>(sp =>
        {
            var scheduler = sp.GetRequiredService<IOptions<SchedulerOptions>>().Value;
            var election = sp.GetRequiredService<IOptions<ZooKeeperElectionOptions>>().Value;
            return new KafkaTermPublisherFactory(
                sp.GetRequiredService<KafkaClientFactory>(),
                scheduler.TransactionalProducer ? TransactionalId(election.DeploymentId) : null,
                scheduler.MaxInFlight,
                sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddSingleton<IPublishedFireReader>(sp => new KafkaPublishedFireReader(
            sp.GetRequiredService<KafkaClientFactory>(), sp.GetRequiredService<ILogger<KafkaPublishedFireReader>>()));
        services.AddSingleton<ISchedulerRunner>(sp => new ElectedScheduler(
            sp.GetRequiredService<SchedulerEngine>(),
            sp.GetRequiredService<Core.Leadership.ILeaderElector>(),
            sp.GetRequiredService<Core.Leadership.IScheduleCheckpointStore>(),
            sp.GetRequiredService<ITermPublisherFactory>(),
            sp.GetRequiredService<IPublishedFireReader>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KafkaCronMetrics>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>(),
            sp.GetRequiredService<ILogger<ElectedScheduler>>()));
    }

    /// <summary>One per deployment: the producer of each new term fences the producers of the terms before it.</summary>
    internal static string TransactionalId(string deploymentId) => "kcron-scheduler-" + deploymentId;
}
