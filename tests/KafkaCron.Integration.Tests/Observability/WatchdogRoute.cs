using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// How the production Alertmanager (alertmanager/alertmanager.yml.tmpl) sends the Watchdog heartbeat to the dead
/// man's switch: its route's timings and whether resolved notifications go too. The drills route the heartbeat the
/// same way, on their compressed clock (<see cref="Scaled"/>).
/// </summary>
internal sealed record WatchdogRoute(TimeSpan GroupWait, TimeSpan GroupInterval, TimeSpan RepeatInterval, bool SendResolved)
{
    public static string TemplatePath { get; } = RepositoryPaths.Of("alertmanager", "alertmanager.yml.tmpl");

    /// <summary>The route whose matcher names the Watchdog, and its receiver's single webhook.</summary>
    public static WatchdogRoute FromProductionTemplate()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(TemplatePath))
        {
            stream.Load(reader);
        }

        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var route = (YamlMappingNode)root["route"];
        var watchdog = ((YamlSequenceNode)route["routes"]).Cast<YamlMappingNode>()
            .Single(r => ((YamlSequenceNode)r["matchers"]).Cast<YamlScalarNode>().Any(m => m.Value == "alertname=\"Watchdog\""));
        var receiver = ((YamlSequenceNode)root["receivers"]).Cast<YamlMappingNode>()
            .Single(r => Text(r, "name") == Text(watchdog, "receiver"));
        var webhook = (YamlMappingNode)((YamlSequenceNode)receiver["webhook_configs"]).Single();
        return new WatchdogRoute(
            Duration(Text(watchdog, "group_wait") ?? Text(route, "group_wait")),
            Duration(Text(watchdog, "group_interval") ?? Text(route, "group_interval")),
            Duration(Text(watchdog, "repeat_interval") ?? Text(route, "repeat_interval")),
            Text(webhook, "send_resolved") is "true");
    }

    /// <summary>Every interval divided by <paramref name="factor"/>, as the drills' alert rules are.</summary>
    public WatchdogRoute Scaled(int factor) => this with
    {
        GroupWait = GroupWait / factor,
        GroupInterval = GroupInterval / factor,
        RepeatInterval = RepeatInterval / factor,
    };

    /// <summary>A duration for an Alertmanager configuration, in milliseconds (a scaled minute is rarely whole seconds).</summary>
    public static string Format(TimeSpan duration) =>
        ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";

    private static string? Text(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlScalarNode)value).Value : null;

    private static TimeSpan Duration(string? text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var amount = double.Parse(text[..^1], CultureInfo.InvariantCulture);
        return text[^1] switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            _ => throw new FormatException($"{text} is not a duration this reader knows (s, m, h)"),
        };
    }
}
