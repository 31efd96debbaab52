using System.Globalization;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// The invariants of k8s/ that no schema checks: what makes KafkaCron survive a rollout, a drain, a crash. Parsed
/// with YamlDotNet because no API server (or kubeconform) is available where the tests run.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly TimeSpan ValidateTimeout = TimeSpan.FromSeconds(60);

    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    [Fact]
    public void Kustomization_Resources_CoverEveryManifestAndEachHasKindAndName()
    {
        var manifestFiles = Directory.GetFiles(KubernetesManifests.Directory, "*.yaml")
            .Select(Path.GetFileName)
            .Where(name => name != "kustomization.yaml")
            .ToHashSet(StringComparer.Ordinal);

        var unlisted = manifestFiles.Except(_manifests.ResourceFiles).Except(KubernetesManifests.OptionalFiles);
        Assert.Empty(unlisted);
        Assert.All(_manifests.Resources, resource =>
        {
            Assert.False(string.IsNullOrEmpty(resource.Text("apiVersion")), resource.ToString());
            Assert.False(string.IsNullOrEmpty(resource.Text("kind")), resource.ToString());
            Assert.False(string.IsNullOrEmpty(resource.Text("metadata", "name")), resource.ToString());
        });
        foreach (var optional in KubernetesManifests.OptionalFiles)
        {
            Assert.NotEmpty(YamlDocuments.Load(Path.Combine(KubernetesManifests.Directory, optional)));
        }
    }

    [SkippableFact]
    public async Task Kustomization_Build_RendersEveryResourceIntoTheNamespace()
    {
        var kubectl = ExternalCommand.Require("kubectl");

        var result = await ExternalCommand.RunAsync(kubectl, ["kustomize", KubernetesManifests.Directory], ValidateTimeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(_manifests.Resources.Count, result.Stdout.Split("\n---\n").Length);
        Assert.DoesNotContain("image: kcron\n", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(_manifests.Resources.Count(r => r.Text("kind") != "Namespace"),
            result.Stdout.Split('\n').Count(line => line == "  namespace: kcron"));
    }

    [Fact]
    public void Containers_Everywhere_HaveRequestsLimitsAndARestrictedSecurityContext()
    {
        Assert.NotEmpty(_manifests.Containers);
        Assert.All(_manifests.Containers, item =>
        {
            var (name, podSpec, container) = item;
            foreach (var resource in new[] { "cpu", "memory" })
            {
                Assert.True(container.Text("resources", "limits", resource) is not null, $"{name} has no {resource} limit");
                Assert.True(container.Text("resources", "requests", resource) is not null, $"{name} has no {resource} request");
            }

            var nonRoot = container.Text("securityContext", "runAsNonRoot") ?? podSpec.Text("securityContext", "runAsNonRoot");
            Assert.True(nonRoot == "true", $"{name} does not set runAsNonRoot: true");
            Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{name} allows privilege escalation");
            Assert.True(container.Strings("securityContext", "capabilities", "drop").Contains("ALL"), $"{name} keeps capabilities");
            Assert.True(podSpec.Text("securityContext", "seccompProfile", "type") == "RuntimeDefault", $"{name} has no seccomp profile");
        });
    }

    [Fact]
    public void KcronContainers_Everywhere_RunReadOnlyWithAWritableTmp()
    {
        Assert.All(_manifests.KcronContainers, item =>
        {
            var (name, workload, container) = item;
            Assert.True(container.Text("securityContext", "readOnlyRootFilesystem") == "true", $"{name} has a writable root filesystem");
            var tmp = container.Items("volumeMounts").SingleOrDefault(mount => mount.Text("mountPath") == "/tmp");
            Assert.True(tmp is not null, $"{name} mounts nothing at /tmp");
            var volume = workload.Items("spec", "template", "spec", "volumes").Single(v => v.Text("name") == tmp.Text("name"));
            Assert.NotNull(volume.At("emptyDir"));
        });
    }

    [Fact]
    public void KcronContainers_Args_ParseAsAKcronCommandLine()
    {
        Assert.NotEmpty(_manifests.KcronContainers);
        Assert.All(_manifests.KcronContainers, item =>
        {
            var arguments = item.Container.Strings("args");
            Assert.True(KcronArguments.Problems(arguments).Count == 0, KcronArguments.Describe(item.Name, arguments));
        });
    }

    [Fact]
    public void KcronContainers_Probes_ScrapeTheMetricsPortTheProgramServes()
    {
        Assert.All(_manifests.KcronContainers, item =>
        {
            var (name, _, container) = item;
            var arguments = container.Strings("args").ToList();
            var flag = arguments.IndexOf("--metrics-port");
            Assert.True(flag >= 0, $"{name} sets no --metrics-port");
            var metricsPort = container.Items("ports").Single(port => port.Text("name") == "metrics");
            Assert.Equal(arguments[flag + 1], metricsPort.Text("containerPort"));
            // The console has health endpoints of its own on its HTTP port; the others are probed through /metrics.
            var console = arguments[0] == "console";
            foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" })
            {
                var port = console ? "http" : "metrics";
                var path = !console ? "/metrics" : probe == "livenessProbe" ? "/healthz" : "/readyz";
                Assert.True(container.Text(probe, "httpGet", "port") == port, $"{name} {probe} does not probe the {port} port");
                Assert.Equal(path, container.Text(probe, "httpGet", "path"));
            }
        });
        // Without this the listener answers on loopback only, and every probe and scrape from outside fails.
        Assert.Equal("+", _manifests.Settings["KCRON_TELEMETRY__METRICSHOST"]);
    }

    [Fact]
    public void Workers_TerminationGracePeriod_ExceedsTheWorkerShutdownGrace()
    {
        var shutdownGrace = _manifests.Setting("KCRON_WORKER__SHUTDOWNGRACESECONDS", 30);
        var workers = _manifests.KcronContainers.Where(c => c.Container.Strings("args")[0] == "worker").ToList();

        Assert.NotEmpty(workers);
        Assert.All(workers, item =>
        {
            var grace = item.Workload.Text("spec", "template", "spec", "terminationGracePeriodSeconds");
            Assert.True(grace is not null && int.Parse(grace, CultureInfo.InvariantCulture) > shutdownGrace,
                $"{item.Name}: terminationGracePeriodSeconds {grace ?? "(default 30)"} must exceed Worker:ShutdownGraceSeconds {shutdownGrace}");
        });
    }

    [Fact]
    public void Workers_MainReplicasPerCluster_DoNotExceedThePartitions()
    {
        var partitions = _manifests.Setting("KCRON_KAFKA__PARTITIONS", 2);
        var mainWorkers = _manifests.KcronContainers
            .Where(c => c.Container.Strings("args") is var args && args[0] == "worker" && !args.Contains("--retry"))
            .GroupBy(c => ClusterOf(c.Container))
            .ToList();

        Assert.Contains(mainWorkers, group => group.Key == "cluster-a");
        Assert.All(mainWorkers, group =>
        {
            var replicas = group.Sum(c => int.Parse(c.Workload.Text("spec", "replicas") ?? "1", CultureInfo.InvariantCulture));
            Assert.True(replicas <= partitions, $"{replicas} workers for {group.Key} but only {partitions} partitions: the rest would idle");
        });
    }

    [Fact]
    public void Scheduler_Replicas_LeaveAStandbyThroughAnyVoluntaryDisruption()
    {
        var scheduler = _manifests.KcronContainers.Single(c => c.Container.Strings("args")[0] == "scheduler").Workload;
        var replicas = int.Parse(scheduler.Text("spec", "replicas") ?? "1", CultureInfo.InvariantCulture);
        var podLabels = scheduler.Pairs("spec", "template", "metadata", "labels");
        var budget = _manifests.Resources.Single(r =>
            r.Text("kind") == "PodDisruptionBudget" && KubernetesManifests.Selects(r.Pairs("spec", "selector", "matchLabels"), podLabels));
        var minAvailable = int.Parse(budget.Text("spec", "minAvailable") ?? "0", CultureInfo.InvariantCulture);

        Assert.True(replicas >= 2, $"scheduler replicas {replicas}: a single replica has no standby");
        Assert.True(minAvailable >= 2, "the disruption budget must keep the leader and a standby");
        Assert.True(minAvailable < replicas, "the disruption budget must allow one eviction, or node drains block forever");
        Assert.Contains("--zookeeper", _manifests.KcronContainers.Single(c => c.Workload == scheduler).Container.Strings("args"));
    }

    [Fact]
    public void Services_Selectors_MatchPodsThatServeMetrics()
    {
        var services = _manifests.Resources
            .Where(r => r.Text("kind") == "Service" && r.Text("metadata", "labels", "app.kubernetes.io/name") == "kcron")
            .ToList();

        Assert.Equal(["kcron-console", "kcron-scheduler", "kcron-worker"], services.Select(s => s.Text("metadata", "name")).Order(StringComparer.Ordinal));
        Assert.All(services, service =>
        {
            var selected = _manifests.Workloads
                .Where(w => KubernetesManifests.Selects(service.Pairs("spec", "selector"), w.Workload.Pairs("spec", "template", "metadata", "labels")))
                .ToList();
            Assert.NotEmpty(selected);
            Assert.Equal("true", service.Text("metadata", "annotations", "prometheus.io/scrape"));
            Assert.All(selected, w => Assert.Contains(w.PodSpec.Items("containers").SelectMany(c => c.Items("ports")),
                port => port.Text("containerPort") == service.Text("metadata", "annotations", "prometheus.io/port")));
        });
    }

    [Fact]
    public async Task JobsConfigMap_JobFile_PassesKcronValidate()
    {
        var jobFile = Path.Combine(Path.GetTempPath(), $"kcron-k8s-jobs-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(jobFile, _manifests.ConfigMap("kcron-jobs").Text("data", "jobs.yaml"));
        try
        {
            var result = await ExternalCommand.KcronAsync(["validate", jobFile], ValidateTimeout);

            Assert.True(result.ExitCode == 0, result.ToString());
        }
        finally
        {
            File.Delete(jobFile);
        }
    }

    private static string ClusterOf(YamlDotNet.RepresentationModel.YamlNode container)
    {
        var arguments = container.Strings("args").ToList();
        return arguments[arguments.IndexOf("--cluster") + 1];
    }
}
