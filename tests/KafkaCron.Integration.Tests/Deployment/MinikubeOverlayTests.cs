using System.Globalization;
using KafkaCron.Integration.Tests.Observability;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// k8s-minikube/ renders into something one minikube node can run: the locally loaded image is never pulled, the
/// three ZooKeeper members may share the node, and the topics' replication fits the overlay's one Kafka broker.
/// </summary>
public sealed class MinikubeOverlayTests
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Overlay_KcronContainers_UseTheLoadedImageWithoutPulling()
    {
        var resources = await RenderAsync();

        var kcron = Containers(resources).Where(c => c.Text("image")!.StartsWith("kcron:", StringComparison.Ordinal)).ToList();

        // Scheduler, two main and two retry worker Deployments, the console.
        Assert.Equal(6, kcron.Count);
        Assert.All(kcron, c =>
        {
            Assert.Equal("kcron:local", c.Text("image"));
            Assert.Equal("Never", c.Text("imagePullPolicy"));
        });
    }

    [SkippableFact]
    public async Task Overlay_ZooKeeper_AntiAffinityIsOnlyPreferred()
    {
        var zookeeper = (await RenderAsync()).Single(r => r.Text("kind") == "StatefulSet" && r.Text("metadata", "name") == "kcron-zookeeper");
        var antiAffinity = zookeeper.At("spec", "template", "spec", "affinity", "podAntiAffinity")!;

        Assert.Null(antiAffinity.At("requiredDuringSchedulingIgnoredDuringExecution"));
        Assert.NotEmpty(antiAffinity.Items("preferredDuringSchedulingIgnoredDuringExecution"));
        Assert.Equal("3", zookeeper.Text("spec", "replicas"));
    }

    [SkippableFact]
    public async Task Overlay_Topics_ReplicateNoMoreThanTheBrokersItRuns_AndClientsFindThem()
    {
        var resources = await RenderAsync();
        var settings = resources.Single(r => r.Text("kind") == "ConfigMap" && r.Text("metadata", "name") == "kcron-settings").Pairs("data");
        var kafka = resources.Single(r => r.Text("kind") == "StatefulSet" && r.Text("metadata", "name") == "kafka");
        var service = resources.Single(r => r.Text("kind") == "Service" && r.Text("metadata", "name") == "kafka-bootstrap");

        var brokers = int.Parse(kafka.Text("spec", "replicas")!, CultureInfo.InvariantCulture);
        Assert.True(int.Parse(settings["KCRON_KAFKA__REPLICATIONFACTOR"], CultureInfo.InvariantCulture) <= brokers);
        Assert.Equal("kafka-bootstrap:9092", settings["KCRON_KAFKA__BOOTSTRAPSERVERS"]);
        Assert.Equal("9092", service.Items("spec", "ports").Single().Text("port"));
        Assert.True(KubernetesManifests.Selects(service.Pairs("spec", "selector"), kafka.Pairs("spec", "template", "metadata", "labels")));
        Assert.All(resources.Where(r => r.Text("kind") != "Namespace"), r => Assert.Equal("kcron", r.Text("metadata", "namespace")));
    }

    private static IEnumerable<YamlNode> Containers(IEnumerable<YamlMappingNode> resources) =>
        resources.Where(r => r.Text("kind") is "Deployment" or "StatefulSet")
            .SelectMany(r => r.Items("spec", "template", "spec", "containers"));

    private static async Task<IReadOnlyList<YamlMappingNode>> RenderAsync()
    {
        var kubectl = ExternalCommand.Require("kubectl");
        var result = await ExternalCommand.RunAsync(kubectl, ["kustomize", RepositoryPaths.Of("k8s-minikube")], RenderTimeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, result.Stdout);
            return YamlDocuments.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
