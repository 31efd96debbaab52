using System.Globalization;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// The compose stacks are checked without a Docker engine: docker-compose's own validation (`config -q`) and the
/// invariants that keep them honest (mounted files exist, workers drain before they are killed, every program is
/// scraped, the JMX agent stays out of the Kafka CLI tools).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly TimeSpan ComposeTimeout = TimeSpan.FromSeconds(60);

    [SkippableTheory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public async Task ComposeFile_Config_IsValidForDockerCompose(string file)
    {
        var dockerCompose = ExternalCommand.Require("docker-compose");

        var result = await ExternalCommand.RunAsync(dockerCompose, ["-f", Path.Combine(ComposeFiles.Directory, file), "config", "-q"], ComposeTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_BindMounts_PointAtFilesInTheRepository(string file)
    {
        var sources = ComposeFiles.Services(file).Values
            .SelectMany(service => service.Strings("volumes"))
            .Select(volume => ComposeFiles.WithDefaults(volume).Split(':')[0])
            .Where(source => source.StartsWith('.'))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(sources);
        // A missing source would be created as an empty directory and the service would start without its config.
        Assert.All(sources, source =>
        {
            var path = Path.GetFullPath(Path.Combine(ComposeFiles.Directory, source));
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{file} mounts {source}, which does not exist ({path})");
        });
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_KcronCommands_ParseAndServeMetricsOnAllInterfaces(string file)
    {
        var services = ComposeFiles.KcronServices(file);

        Assert.Equal(2, services.Values.Count(s => s.Command[0] == "scheduler"));
        Assert.Equal(6, services.Values.Count(s => s.Command[0] == "worker"));
        Assert.All(services, pair =>
        {
            var (name, (service, command)) = (pair.Key, pair.Value);
            Assert.True(KcronArguments.Problems(command).Count == 0, KcronArguments.Describe($"{file}: {name}", command));
            Assert.Equal("9464", command[command.ToList().IndexOf("--metrics-port") + 1]);
            Assert.Equal("+", service.Pairs("environment")["KCRON_TELEMETRY__METRICSHOST"]);
            Assert.Equal("true", service.Text("init"));
        });
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_Workers_StopGracePeriodExceedsTheWorkerShutdownGrace(string file)
    {
        var workers = ComposeFiles.KcronServices(file).Where(pair => pair.Value.Command[0] == "worker").ToList();

        Assert.All(workers, pair =>
        {
            var service = pair.Value.Service;
            var shutdownGrace = int.Parse(service.Pairs("environment").GetValueOrDefault("KCRON_WORKER__SHUTDOWNGRACESECONDS", "30"), CultureInfo.InvariantCulture);
            var stopGrace = ComposeFiles.ParseDuration(service.Text("stop_grace_period") ?? "10s");
            Assert.True(stopGrace > TimeSpan.FromSeconds(shutdownGrace),
                $"{file}: {pair.Key} stop_grace_period {stopGrace} must exceed Worker:ShutdownGraceSeconds {shutdownGrace}");
        });
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_PrometheusTargets_ListEveryKcronServiceAndBroker(string file)
    {
        var services = ComposeFiles.Services(file);
        var targetsDirectory = services["prometheus"].Strings("volumes")
            .Select(volume => volume.Split(':'))
            .Single(parts => parts[1] == "/etc/prometheus/targets")[0];
        // File service discovery: a list of groups, each with its targets.
        IEnumerable<string> Targets(string job) =>
            YamlDocuments.LoadRoots(Path.Combine(ComposeFiles.Directory, targetsDirectory, job + ".yml")).Single()
                .AllNodes.OfType<YamlDotNet.RepresentationModel.YamlMappingNode>()
                .SelectMany(group => group.Strings("targets"));
        var kcron = ComposeFiles.KcronServices(file);
        string[] FileNames(string directory) =>
            Directory.GetFiles(directory, "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        // The overlay replaces prometheus/targets/ whole: every file prometheus.yml reads must be in it.
        Assert.Equal(FileNames(RepositoryPaths.Of("prometheus", "targets")), FileNames(Path.Combine(ComposeFiles.Directory, targetsDirectory)));
        Assert.Equal(
            kcron.Where(s => s.Value.Command[0] == "scheduler").Select(s => $"{s.Key}:9464").Order(StringComparer.Ordinal),
            Targets("kcron-scheduler").Order(StringComparer.Ordinal));
        Assert.Equal(
            kcron.Where(s => s.Value.Command[0] == "worker").Select(s => $"{s.Key}:9464").Order(StringComparer.Ordinal),
            Targets("kcron-worker").Order(StringComparer.Ordinal));
        Assert.Equal(
            services.Where(s => s.Value.Text("image")?.StartsWith("confluentinc/cp-kafka", StringComparison.Ordinal) == true)
                .Select(s => $"{s.Key}:9404").Order(StringComparer.Ordinal),
            Targets("kafka").Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_KafkaJmxExporter_ReachesTheBrokerOnlyNotTheCliTools(string file)
    {
        var brokers = ComposeFiles.Services(file)
            .Where(s => s.Value.Text("image")?.StartsWith("confluentinc/cp-kafka", StringComparison.Ordinal) == true)
            .ToList();
        var wrapper = File.ReadAllText(Path.Combine(ComposeFiles.Directory, "kafka", "run-with-jmx-exporter.sh"));

        Assert.NotEmpty(brokers);
        Assert.All(brokers, broker =>
        {
            var environment = broker.Value.Pairs("environment");
            Assert.DoesNotContain("javaagent", environment.GetValueOrDefault("KAFKA_OPTS", string.Empty), StringComparison.Ordinal);
            Assert.DoesNotContain("javaagent", environment.GetValueOrDefault("KAFKA_JMX_OPTS", string.Empty), StringComparison.Ordinal);
            Assert.Equal(["bash", "/etc/kcron/run-kafka.sh"], broker.Value.Strings("command"));
            Assert.Contains(broker.Value.Strings("volumes"), volume => volume.StartsWith("./kafka/run-with-jmx-exporter.sh:/etc/kcron/run-kafka.sh", StringComparison.Ordinal));
        });
        Assert.Contains("export EXTRA_ARGS=\"-name kafkaServer -loggc -javaagent:", wrapper, StringComparison.Ordinal);
        Assert.DoesNotContain("KAFKA_OPTS=", wrapper, StringComparison.Ordinal);
    }

    [Fact]
    public void MultiBrokerFile_Kafka_ReplicatesThreeTimesAndAcknowledgesOnTwo()
    {
        var services = ComposeFiles.Services(ComposeFiles.Multi);
        var brokers = services.Where(s => s.Key.StartsWith("kafka-", StringComparison.Ordinal)).Select(s => s.Value.Pairs("environment")).ToList();
        var zookeepers = services.Keys.Where(name => name.StartsWith("zookeeper-", StringComparison.Ordinal)).ToList();

        Assert.Equal(3, brokers.Count);
        Assert.Equal(3, zookeepers.Count);
        Assert.All(brokers, environment =>
        {
            Assert.Equal("3", environment["KAFKA_DEFAULT_REPLICATION_FACTOR"]);
            Assert.Equal("2", environment["KAFKA_MIN_INSYNC_REPLICAS"]);
            Assert.Equal("false", environment["KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE"]);
        });
        Assert.All(ComposeFiles.KcronServices(ComposeFiles.Multi).Values, s =>
            Assert.Equal("3", s.Service.Pairs("environment")["KCRON_KAFKA__REPLICATIONFACTOR"]));
        Assert.All(ComposeFiles.KcronServices(ComposeFiles.Multi).Values.Where(s => s.Command[0] == "scheduler"), s =>
            Assert.Equal("zookeeper-1:2181,zookeeper-2:2181,zookeeper-3:2181", s.Command[s.Command.ToList().IndexOf("--zookeeper") + 1]));
    }

    [Fact]
    public void LocalAlertmanagerConfig_InhibitRules_AreTheProductionOnes()
    {
        static IReadOnlyList<string> Rules(string path) => YamlDocuments.LoadRoots(path).Single().Items("inhibit_rules")
            .Select(rule => string.Join(" ", new[] { "source_matchers", "target_matchers", "equal" }.Select(key => key + "=" + string.Join(",", rule.Strings(key)))))
            .ToList();

        var production = Rules(RepositoryPaths.Of("alertmanager", "alertmanager.yml.tmpl"));

        Assert.Equal(2, production.Count);
        Assert.Equal(production, Rules(Path.Combine(ComposeFiles.Directory, "alertmanager", "alertmanager.local.yml")));
    }

    [Theory]
    [MemberData(nameof(ComposeFiles.Both), MemberType = typeof(ComposeFiles))]
    public void ComposeFile_Alertmanager_RunsAsAUserThatCanBeTheRenderedConfigsOwner(string file)
    {
        var alertmanager = ComposeFiles.Services(file)["alertmanager"];

        // render-config.sh writes the inline-password config mode 600; the image's own user (nobody) cannot read it.
        Assert.Equal("${KCRON_ALERTMANAGER_UID:-65534}", alertmanager.Text("user"));
    }
}
