using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Observability;
using YamlDotNet.RepresentationModel;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>The compose stacks under compose-multi-broker/, read with their anchors and merge keys resolved.</summary>
internal static partial class ComposeFiles
{
    public const string Single = "docker-compose.single.yml";
    public const string Multi = "docker-compose.yml";

    public static string Directory => RepositoryPaths.Of("compose-multi-broker");

    public static TheoryData<string> Both => new() { Single, Multi };

    public static IReadOnlyDictionary<string, YamlNode> Services(string file) =>
        ((YamlMappingNode)YamlDocuments.Load(Path.Combine(Directory, file)).Single().At("services")!).Children
            .ToDictionary(pair => ((YamlScalarNode)pair.Key).Value!, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>Services that run the kcron image, by name, with their command as docker-compose would expand it.</summary>
    public static IReadOnlyDictionary<string, (YamlNode Service, IReadOnlyList<string> Command)> KcronServices(string file) =>
        Services(file)
            .Where(pair => pair.Value.Text("image")?.Contains("kcron", StringComparison.Ordinal) == true)
            .ToDictionary(
                pair => pair.Key,
                pair => (pair.Value, (IReadOnlyList<string>)pair.Value.Strings("command").Select(WithDefaults).ToList()),
                StringComparer.Ordinal);

    /// <summary><c>${NAME:-default}</c> as docker-compose expands it when NAME is unset.</summary>
    public static string WithDefaults(string value) => Variable().Replace(value, match => match.Groups["default"].Value);

    /// <summary>Compose durations such as <c>75s</c>, <c>1m30s</c>.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = Duration().Match(text);
        if (!match.Success || text.Length == 0)
        {
            throw new FormatException($"'{text}' is not a compose duration");
        }

        int Part(string name) => match.Groups[name].Success ? int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        return new TimeSpan(Part("h"), Part("m"), Part("s"));
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z0-9_]+)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();

    [GeneratedRegex(@"^((?<h>\d+)h)?((?<m>\d+)m)?((?<s>\d+)s)?$")]
    private static partial Regex Duration();
}
