using System.Reflection;
using System.Text.RegularExpressions;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Retry;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// Every value of the <c>reason</c> label that an operator reads about (docs, runbooks, alert rules and their tests,
/// the drills) is one the code can emit: a documented value nobody emits makes a query or a silence that never matches.
/// </summary>
public sealed partial class DocumentedReasonValuesTests
{
    private static readonly string[] DocumentFolders = ["docs", "runbooks", "chaos", "prometheus", "alertmanager", "grafana", "k8s", "compose-multi-broker"];

    [Fact]
    public void DocumentedReasons_InEveryOperatorDocument_AreValuesTheCodeEmits()
    {
        var emitted = EmittedReasons();
        var unknown = DocumentedReasons()
            .Where(d => !emitted.Contains(d.Value))
            .Select(d => $"{d.File}: reason {d.Value}")
            .ToList();

        Assert.True(unknown.Count == 0, "documented but never emitted (emitted: " + string.Join(", ", emitted.Order(StringComparer.Ordinal)) + "):\n" + string.Join("\n", unknown));
    }

    [Fact]
    public void DocumentedReasons_Scan_FindsTheDeadLetterAndSkipReasonsItMustSee()
    {
        var documented = DocumentedReasons().Select(d => d.Value).ToHashSet(StringComparer.Ordinal);

        // The scan itself must see the documents; an empty scan would pass the test above without checking anything.
        Assert.Contains(RetryRecorder.ReasonAttemptsExhausted, documented);
        Assert.Contains(DecodeFailureReasons.InvalidJson, documented);
        Assert.Contains(MetricTags.ReasonMisfire, documented);
    }

    [Fact]
    public void DocumentedReasons_ValueNoCodeEmits_IsFound()
    {
        var found = ReasonsIn("metrics.md", "| `reason` | dead letters: `attempts-exhausted`, `undecodable` |\n"
            + "watch kcron_dead_letters_total{cluster=\"a\",reason=\"no-such-reason\"}\n"
            + "- exp_labels: {severity: warning, reason: made-up}\n");

        Assert.Equal(["attempts-exhausted", "undecodable", "no-such-reason", "made-up"], found.Select(d => d.Value));
    }

    private static HashSet<string> EmittedReasons()
    {
        var fromClasses = new[] { typeof(DecodeFailureReasons), typeof(MetricTags) }
            .SelectMany(type => type.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(field => field.IsLiteral && (field.DeclaringType == typeof(DecodeFailureReasons) || field.Name.StartsWith("Reason", StringComparison.Ordinal)))
            .Where(field => field.Name != nameof(MetricTags.Reason))
            .Select(field => (string)field.GetRawConstantValue()!);
        return [.. fromClasses, RetryRecorder.ReasonAttemptsExhausted];
    }

    private static IEnumerable<(string File, string Value)> DocumentedReasons() =>
        DocumentFolders
            .Select(folder => RepositoryPaths.Of(folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            .Where(file => file.EndsWith(".md", StringComparison.Ordinal) || file.EndsWith(".yml", StringComparison.Ordinal)
                || file.EndsWith(".yaml", StringComparison.Ordinal) || file.EndsWith(".sh", StringComparison.Ordinal)
                || file.EndsWith(".json", StringComparison.Ordinal) || file.EndsWith(".tmpl", StringComparison.Ordinal))
            .SelectMany(file => ReasonsIn(Path.GetRelativePath(RepositoryPaths.Root, file), File.ReadAllText(file)));

    /// <summary>
    /// The forms a label value takes in our documents: a PromQL or series selector (<c>reason="x"</c>), a promtool
    /// expected label (<c>reason: x</c>), and the backticked values of the <c>reason</c> row of a label table.
    /// </summary>
    private static IEnumerable<(string File, string Value)> ReasonsIn(string file, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("| `reason` |", StringComparison.Ordinal))
            {
                var values = line.Split('|')[2];
                foreach (Match match in BacktickedValue().Matches(values))
                {
                    yield return (file, match.Groups[1].Value);
                }
            }

            foreach (Match match in SelectorValue().Matches(line))
            {
                yield return (file, match.Groups[1].Value);
            }
        }
    }

    [GeneratedRegex("`([a-z][a-z0-9_-]*)`")]
    private static partial Regex BacktickedValue();

    // reason="x" or reason: x, but not regex matchers (reason=~) or template references ($labels.reason).
    [GeneratedRegex(@"(?<![.\w])reason(?:=\\?""|:\s*)([a-z][a-z0-9_-]*)")]
    private static partial Regex SelectorValue();
}
