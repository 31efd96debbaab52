using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>Reads YAML files (several documents each, merge keys resolved) and walks their mappings.</summary>
internal static class YamlDocuments
{
    /// <summary>Every document that is a mapping (Kubernetes resources, compose files).</summary>
    public static IReadOnlyList<YamlMappingNode> Load(string path) => LoadRoots(path).OfType<YamlMappingNode>().ToList();

    /// <summary>The root node of every document, whatever its kind.</summary>
    public static IReadOnlyList<YamlNode> LoadRoots(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        var stream = new YamlStream();
        // Compose files share settings through anchors and `<<:` merge keys; resolve them as docker-compose does.
        stream.Load(new MergingParser(new Parser(reader)));
        return stream.Documents.Select(document => document.RootNode).ToList();
    }

    /// <summary>The node at <paramref name="path"/> (mapping keys), or null where any step is missing.</summary>
    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            if (current is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out current))
            {
                return null;
            }
        }

        return current;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static IReadOnlyList<YamlNode> Items(this YamlNode node, params string[] path) =>
        node.At(path) is YamlSequenceNode sequence ? sequence.Children.ToList() : [];

    public static IReadOnlyList<string> Strings(this YamlNode node, params string[] path) =>
        node.Items(path).OfType<YamlScalarNode>().Select(scalar => scalar.Value ?? string.Empty).ToList();

    /// <summary>A mapping of scalars (labels, selectors, environment) as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> Pairs(this YamlNode node, params string[] path) =>
        node.At(path) is YamlMappingNode mapping
            ? mapping.Children.ToDictionary(
                pair => ((YamlScalarNode)pair.Key).Value ?? string.Empty,
                pair => (pair.Value as YamlScalarNode)?.Value ?? string.Empty,
                StringComparer.Ordinal)
            : new Dictionary<string, string>();
}
