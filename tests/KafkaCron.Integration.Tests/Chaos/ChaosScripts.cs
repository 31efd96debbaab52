using KafkaCron.Integration.Tests.Deployment;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>The chaos/ scripts as the drills run them: a script that fails fails the drill, with what it said.</summary>
internal static class ChaosScripts
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    public static async Task<ToolResult> RunAsync(string script, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = await ExternalCommand.BashAsync(script, arguments, Timeout, environment);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} {string.Join(' ', arguments)}: {result}");
        }

        return result;
    }

    /// <summary>The instant flood.sh printed as "due at ..." (its jobs' scheduled instant).</summary>
    public static DateTimeOffset FloodDueAt(ToolResult flood)
    {
        const string Due = " due at ";
        var line = flood.Stdout.Split('\n').First(l => l.Contains(Due, StringComparison.Ordinal));
        var text = line[(line.IndexOf(Due, StringComparison.Ordinal) + Due.Length)..].Split(' ')[0];
        return DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The names flood.sh gives its jobs: flood-0001, flood-0002, ...</summary>
    public static IReadOnlyList<FireKey> FloodFires(int count, DateTimeOffset dueAt) =>
        [.. Enumerable.Range(1, count).Select(i => new FireKey("flood-" + i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), dueAt))];
}
