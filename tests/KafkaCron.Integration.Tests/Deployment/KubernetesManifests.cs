using System.Globalization;
using KafkaCron.Integration.Tests.Observability;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>The resources k8s/kustomization.yaml deploys, and the facts the invariants are checked against.</summary>
internal sealed class KubernetesManifests
{
    /// <summary>Manifests kept beside the others but not deployed by default (they need extra CRDs).</summary>
    public static readonly IReadOnlySet<string> OptionalFiles = new HashSet<string>(StringComparer.Ordinal) { "servicemonitor.yaml" };

    public const string KcronImage = "kcron";

    private KubernetesManifests(IReadOnlyList<string> resourceFiles, IReadOnlyList<YamlMappingNode> resources)
    {
        ResourceFiles = resourceFiles;
        Resources = resources;
    }

    public static string Directory => RepositoryPaths.Of("k8s");

    public IReadOnlyList<string> ResourceFiles { get; }

    public IReadOnlyList<YamlMappingNode> Resources { get; }

    /// <summary>Deployments and StatefulSets: (kind/name, the resource, its pod spec).</summary>
    public IEnumerable<(string Name, YamlMappingNode Workload, YamlNode PodSpec)> Workloads =>
        Resources
            .Where(r => r.Text("kind") is "Deployment" or "StatefulSet")
            .Select(r => ($"{r.Text("kind")}/{r.Text("metadata", "name")}", r, r.At("spec", "template", "spec")!));

    public IEnumerable<(string Name, YamlNode PodSpec, YamlNode Container)> Containers =>
        Workloads.SelectMany(w => w.PodSpec.Items("containers").Concat(w.PodSpec.Items("initContainers"))
            .Select(c => ($"{w.Name}/{c.Text("name")}", w.PodSpec, c)));

    public IEnumerable<(string Name, YamlMappingNode Workload, YamlNode Container)> KcronContainers =>
        Workloads.SelectMany(w => w.PodSpec.Items("containers")
            .Where(c => c.Text("image") == KcronImage)
            .Select(c => ($"{w.Name}/{c.Text("name")}", w.Workload, c)));

    public IReadOnlyDictionary<string, string> Settings => ConfigMap("kcron-settings").Pairs("data");

    public int Setting(string key, int defaultValue) =>
        Settings.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : defaultValue;

    public YamlMappingNode ConfigMap(string name) =>
        Resources.Single(r => r.Text("kind") == "ConfigMap" && r.Text("metadata", "name") == name);

    public static KubernetesManifests Load()
    {
        var kustomization = YamlDocuments.Load(Path.Combine(Directory, "kustomization.yaml")).Single();
        var files = kustomization.Strings("resources");
        var resources = files.SelectMany(file => YamlDocuments.Load(Path.Combine(Directory, file))).ToList();
        return new KubernetesManifests(files, resources);
    }

    /// <summary>Whether <paramref name="selector"/> (matchLabels or a Service selector) selects pods labelled so.</summary>
    public static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(pair => labels.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
