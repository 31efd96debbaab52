using System.Text.Json;
using System.Text.RegularExpressions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>One PromQL expression found in a dashboard, with where it came from.</summary>
internal sealed record DashboardQuery(string Dashboard, string Location, string Expression);

/// <summary>Reads the Grafana dashboards and turns their queries into PromQL a plain Prometheus accepts.</summary>
internal static partial class Dashboards
{
    public static string Directory { get; } = RepositoryPaths.Of("grafana", "dashboards");

    public static IEnumerable<string> Files() => System.IO.Directory.GetFiles(Directory, "*.json").Order(StringComparer.Ordinal);

    public static JsonElement Load(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.Clone();
    }

    /// <summary>Every target expression of every panel (rows included) and every query variable's query.</summary>
    public static IReadOnlyList<DashboardQuery> Queries(string file)
    {
        var dashboard = Load(file);
        var name = Path.GetFileName(file);
        var queries = new List<DashboardQuery>();
        foreach (var panel in Panels(dashboard))
        {
            if (!panel.TryGetProperty("targets", out var targets))
            {
                continue;
            }

            foreach (var target in targets.EnumerateArray())
            {
                var expression = target.GetProperty("expr").GetString() ?? string.Empty;
                queries.Add(new DashboardQuery(name, $"panel '{panel.GetProperty("title").GetString()}' {target.GetProperty("refId").GetString()}", expression));
            }
        }

        foreach (var variable in Variables(dashboard).Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var query = variable.GetProperty("query");
            var text = query.ValueKind == JsonValueKind.Object ? query.GetProperty("query").GetString() : query.GetString();
            queries.Add(new DashboardQuery(name, $"variable '{variable.GetProperty("name").GetString()}'", text ?? string.Empty));
        }

        return queries;
    }

    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    public static IEnumerable<JsonElement> Variables(JsonElement dashboard) =>
        dashboard.TryGetProperty("templating", out var templating)
            ? templating.GetProperty("list").EnumerateArray()
            : [];

    /// <summary>
    /// What Grafana would send for this query: its variable functions unwrapped (<c>label_values(m, l)</c> → <c>m</c>,
    /// <c>query_result(q)</c> → <c>q</c>) and the variables replaced by plausible values.
    /// </summary>
    public static string ToPromQl(string query)
    {
        var text = query.Trim();
        if (LabelValues().Match(text) is { Success: true } labelValues)
        {
            text = labelValues.Groups["selector"].Value;
        }
        else if (QueryResult().Match(text) is { Success: true } queryResult)
        {
            text = queryResult.Groups["query"].Value;
        }

        text = text.Replace("$__rate_interval", "5m", StringComparison.Ordinal)
            .Replace("$__interval", "1m", StringComparison.Ordinal)
            .Replace("$__range", "6h", StringComparison.Ordinal);
        return Variable().Replace(text, match => match.Groups["name"].Value switch
        {
            "instance" => "localhost:9404",
            "kcron_job" => "backup",
            _ => "alpha",
        });
    }

    /// <summary>Variable names a query uses (<c>$x</c>, <c>${x}</c>, <c>[[x]]</c>), Grafana's built-ins excluded.</summary>
    public static IEnumerable<string> VariablesUsed(string query) =>
        Variable().Matches(query).Select(m => m.Groups["name"].Value).Where(v => !v.StartsWith("__", StringComparison.Ordinal));

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*\w+\)$", RegexOptions.Singleline)]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^query_result\((?<query>.+)\)$", RegexOptions.Singleline)]
    private static partial Regex QueryResult();

    [GeneratedRegex(@"\$\{(?<name>\w+)(?::\w+)?\}|\[\[(?<name>\w+)\]\]|\$(?<name>\w+)")]
    private static partial Regex Variable();
}
