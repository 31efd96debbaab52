using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Clients;
using KafkaCron.Kafka.Control;
using KafkaCron.Kafka.Publishing;
using KafkaCron.Kafka.ReadBack;
using KafkaCron.Kafka.Runs;
using KafkaCron.Kafka.Topics;
using KafkaCron.Scheduler.Canary;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Scheduler.JobFiles;
using KafkaCron.Scheduler.Leadership;
using KafkaCron.Scheduler.Pausing;
using KafkaCron.ZooKeeper;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.Scheduler.Hosting;

/// <summary>The scheduler's wiring, as the worker has <c>AddKcronWorker</c>; the CLI only parses flags and runs the host.</summary>
public static class SchedulerServiceCollectionExtensions
{
    /// <summary>The section of the election settings; a connection string there turns leader election on.</summary>
    public const string ZooKeeperSection = SchedulerOptions.SectionName + ":" + ZooKeeperElectionOptions.SectionName;

    /// <summary>
    /// The scheduler: validated <see cref="SchedulerOptions"/> from the <c>Scheduler</c> section (<paramref name="clusterFlags"/>,
    /// when given, replace its clusters), the engine, the job-file monitor and the hosted service; alone, or with
    /// leader election when the ZooKeeper section names a connection string. Expects the Kafka edge, metrics and a
    /// TimeProvider to be registered.
    /// </summary>
    public static IServiceCollection AddKcronScheduler(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<string> clusterFlags)
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
        // Every replica follows the control topic (kcron pause/resume); the leader withholds paused jobs' fires.
        services.AddSingleton<ControlTopicFollower>();
        services.AddSingleton<IPausedJobs>(sp => sp.GetRequiredService<ControlTopicFollower>());
        services.AddSingleton<IRunRecordWriter, KafkaRunRecordWriter>();
        services.AddSingleton(sp => new SchedulerEngine(
            // An elected replica opens a producer per term instead.
            elected ? null : sp.GetRequiredService<IFirePublisher>(),
            FireSchedules.For,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KafkaCronMetrics>(),
            sp.GetRequiredService<IOptions<SchedulerOptions>>(),
            sp.GetRequiredService<ILogger<SchedulerEngine>>(),
            new PauseGate(
                sp.GetRequiredService<IPausedJobs>(),
                sp.GetRequiredService<IRunRecordWriter>(),
                sp.GetRequiredService<KafkaCronMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<SchedulerEngine>>())));
        services.AddSingleton(sp =>
        {
            var provisioner = sp.GetRequiredService<TopicProvisioner>();
            var names = sp.GetRequiredService<KafkaClientFactory>().Options.TopicNames;
            return new ClusterTopics(provisioner.EnsureAsync, names.All, [names.Control]);
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

        services.AddSingleton<SchedulerStartup>();
        services.AddHostedService<SchedulerService>();
        // After the scheduler service, whose start creates the control topic where it is missing.
        services.AddHostedService(sp => sp.GetRequiredService<ControlTopicFollower>());
        return services;
    }

    /// <summary>
    /// Loads the job file and makes sure its clusters' topics exist, once, before the host starts; the hosted service
    /// would do it at start otherwise. Throws what would stop the start (an invalid job file, missing topics).
    /// </summary>
    public static Task PrepareKcronSchedulerAsync(this IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<SchedulerStartup>().PrepareAsync(cancellationToken);

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
