using KafkaCron.Core.Text;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>Walks a mapping's entries, reporting unknown, duplicate and non-text keys.</summary>
internal static class MappingReader
{
    /// <summary>
    /// The known keys of <paramref name="mapping"/>, each once (the first occurrence), with their values.
    /// <paramref name="where"/> names the mapping in messages, e.g. "a job" or "retry".
    /// </summary>
    public static IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> KnownEntries(
        YamlMapping mapping,
        IReadOnlyList<string> allowed,
        string where,
        ProblemList problems,
        Func<string, string?>? explainUnknown = null)
    {
        var seen = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { IsNull: false } keyScalar)
            {
                problems.Add(entry.Key, $"keys in {where} must be plain text, found {entry.Key.Describe()}");
                continue;
            }

            var key = keyScalar.Value;
            if (seen.TryGetValue(key, out var first))
            {
                problems.Add(keyScalar, $"duplicate key {Quote.Of(key)} in {where} (first set on line {first.Line})");
                continue;
            }

            seen.Add(key, keyScalar);
            if (!allowed.Contains(key, StringComparer.Ordinal))
            {
                problems.Add(keyScalar, explainUnknown?.Invoke(key) ?? UnknownKey(key, allowed, where));
                continue;
            }

            yield return (key, keyScalar, entry.Value);
        }
    }

    public static string UnknownKey(string key, IReadOnlyList<string> allowed, string where)
    {
        var suggestion = Suggestions.Closest(key, allowed);
        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
        return $"unknown key {Quote.Of(key)} in {where}{hint}; allowed keys: {string.Join(", ", allowed)}";
    }
}
