using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>One alerting rule as written in prometheus/rules/kcron-alerts.yml.</summary>
internal sealed record AlertRule(string Name, string Expression, IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations)
{
    /// <summary>How long the expression must hold before the alert fires (<c>for:</c>); zero when the rule has none.</summary>
    public TimeSpan For { get; init; }
}

/// <summary>Reads the alert rules and their promtool unit tests as plain YAML.</summary>
internal static class AlertRules
{
    public static string RulesPath { get; } = RepositoryPaths.Of("prometheus", "rules", "kcron-alerts.yml");

    public static string TestsPath { get; } = RepositoryPaths.Of("prometheus", "tests", "kcron-alerts.test.yml");

    public static IReadOnlyList<AlertRule> Load()
    {
        var groups = (YamlSequenceNode)Root(RulesPath)["groups"];
        return groups.Cast<YamlMappingNode>()
            .SelectMany(group => ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
            .Where(rule => rule.Children.ContainsKey("alert"))
            .Select(rule => new AlertRule(
                Scalar(rule["alert"]),
                Scalar(rule["expr"]),
                Map(rule, "labels"),
                Map(rule, "annotations"))
            {
                For = rule.Children.TryGetValue("for", out var holdFor) ? Minutes(Scalar(holdFor)) : TimeSpan.Zero,
            })
            .ToList();
    }

    /// <summary>Per alert name: how many unit-test evaluations expect it firing, and how many expect silence.</summary>
    public static IReadOnlyDictionary<string, (int Firing, int Quiet)> UnitTestCoverage()
    {
        var coverage = new Dictionary<string, (int Firing, int Quiet)>(StringComparer.Ordinal);
        foreach (var test in ((YamlSequenceNode)Root(TestsPath)["tests"]).Cast<YamlMappingNode>())
        {
            if (!test.Children.TryGetValue("alert_rule_test", out var evaluations))
            {
                continue;
            }

            foreach (var evaluation in ((YamlSequenceNode)evaluations).Cast<YamlMappingNode>())
            {
                var name = Scalar(evaluation["alertname"]);
                var firing = evaluation.Children.TryGetValue("exp_alerts", out var expected) && ((YamlSequenceNode)expected).Children.Count > 0;
                var (f, q) = coverage.GetValueOrDefault(name);
                coverage[name] = firing ? (f + 1, q) : (f, q + 1);
            }
        }

        return coverage;
    }

    private static YamlMappingNode Root(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    /// <summary>The rules' <c>for:</c> values are whole minutes ("5m"); anything else is a mistake worth a failure.</summary>
    private static TimeSpan Minutes(string text) =>
        text.EndsWith('m') && int.TryParse(text[..^1], System.Globalization.CultureInfo.InvariantCulture, out var minutes)
            ? TimeSpan.FromMinutes(minutes)
            : throw new FormatException($"for: {text} is not in whole minutes");

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value ?? string.Empty;

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var child)
            ? ((YamlMappingNode)child).Children.ToDictionary(c => Scalar(c.Key), c => Scalar(c.Value), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
