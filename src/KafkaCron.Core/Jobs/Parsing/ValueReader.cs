using System.Globalization;
using System.Text.RegularExpressions;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Text;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>
/// Reads single values of the job file. Each method reports what is wrong with the node under
/// <paramref name="path"/> (the key as the user would find it, e.g. <c>retry.jitter</c>) and returns null then.
/// </summary>
internal sealed partial class ValueReader(ProblemList problems)
{
    public string? Text(YamlNode node, string path)
    {
        if (node is not YamlScalar scalar || scalar.IsNull)
        {
            problems.Add(node, $"{path}: expected text, found {node.Describe()}");
            return null;
        }

        if (string.IsNullOrWhiteSpace(scalar.Value))
        {
            problems.Add(node, $"{path}: must not be empty");
            return null;
        }

        if (scalar.Value.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(node, $"{path}: contains a NUL character, which no process can be given");
            return null;
        }

        return scalar.Value;
    }

    public string? Name(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is not null && !NameRules.IsValid(text))
        {
            problems.Add(node, $"{path}: {Quote.Of(text)} is not a valid name: {NameRules.Description}");
            return null;
        }

        return text;
    }

    public TimeSpan? Duration(YamlNode node, string path, bool allowZero)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!DurationFormat.TryParse(text, out var duration, out var error))
        {
            problems.Add(node, $"{path}: {error}");
            return null;
        }

        if (!allowZero && duration == TimeSpan.Zero)
        {
            problems.Add(node, $"{path}: must be longer than 0");
            return null;
        }

        return duration;
    }

    public bool? Boolean(YamlNode node, string path)
    {
        var text = Text(node, path);
        switch (text)
        {
            case null:
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            default:
                problems.Add(node, $"{path}: expected true or false, found {Quote.Of(text)}");
                return null;
        }
    }

    public int? Integer(YamlNode node, string path, int minimum)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            problems.Add(node, $"{path}: expected a whole number, found {Quote.Of(text)}");
            return null;
        }

        if (value < minimum)
        {
            problems.Add(node, $"{path}: must be at least {minimum}, found {value}");
            return null;
        }

        return value;
    }

    public double? Number(YamlNode node, string path, double minimum, double maximum)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            problems.Add(node, $"{path}: expected a number, found {Quote.Of(text)}");
            return null;
        }

        if (value < minimum || value > maximum)
        {
            problems.Add(node, double.IsPositiveInfinity(maximum)
                ? $"{path}: must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, found {text}"
                : $"{path}: must be between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}, found {text}");
            return null;
        }

        return value;
    }

    /// <summary>One of <paramref name="values"/>, spelt exactly as the documentation spells it.</summary>
    public T? Choice<T>(YamlNode node, string path, IReadOnlyDictionary<string, T> values)
        where T : struct
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (values.TryGetValue(text, out var value))
        {
            return value;
        }

        var suggestion = Suggestions.Closest(text, values.Keys);
        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
        problems.Add(node, $"{path}: {Quote.Of(text)} is not one of {string.Join(", ", values.Keys)}{hint}");
        return null;
    }

    public TimeZoneInfo? Zone(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is null)
        {
            return null;
        }

        if (!TimeZones.TryFind(text, out var zone, out var error))
        {
            problems.Add(node, $"{path}: {error}");
            return null;
        }

        return zone;
    }

    public string? AbsolutePath(YamlNode node, string path)
    {
        var text = Text(node, path);
        if (text is not null && !text.StartsWith('/'))
        {
            problems.Add(node, $"{path}: {Quote.Of(text)} is not an absolute path (it must start with '/')");
            return null;
        }

        return text;
    }

    /// <summary>An argv: a non-empty list of text, the program first.</summary>
    public IReadOnlyList<string>? Arguments(YamlNode node, string path)
    {
        if (node is not YamlSequence sequence)
        {
            problems.Add(node, $"{path}: expected a list such as [\"/usr/bin/backup\", \"--full\"], found {node.Describe()}");
            return null;
        }

        if (sequence.Items.Count == 0)
        {
            problems.Add(node, $"{path}: is empty; give at least the program to run");
            return null;
        }

        var arguments = new List<string>(sequence.Items.Count);
        var valid = true;
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            if (item is not YamlScalar scalar || scalar.IsNull || scalar.Value.Contains('\0', StringComparison.Ordinal))
            {
                problems.Add(item, $"{path}[{i}]: expected text, found {item.Describe()}");
                valid = false;
                continue;
            }

            if (i == 0 && string.IsNullOrWhiteSpace(scalar.Value))
            {
                problems.Add(item, $"{path}[0]: the program to run is empty");
                valid = false;
                continue;
            }

            arguments.Add(scalar.Value);
        }

        return valid ? arguments : null;
    }

    /// <summary>Environment variables: a mapping of POSIX names to text.</summary>
    public void Environment(YamlNode node, string path, Dictionary<string, string> into)
    {
        if (node is not YamlMapping mapping)
        {
            problems.Add(node, $"{path}: expected a mapping of variable names to values, found {node.Describe()}");
            return;
        }

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key is not YamlScalar { IsNull: false } key || !EnvironmentName().IsMatch(key.Value))
            {
                problems.Add(entry.Key, $"{path}: {entry.Key.Describe()} is not a variable name (letters, digits and '_', not starting with a digit)");
                continue;
            }

            if (seen.TryGetValue(key.Value, out var firstLine))
            {
                problems.Add(key, $"{path}: duplicate variable '{key.Value}' (first set on line {firstLine})");
                continue;
            }

            seen.Add(key.Value, key.Line);
            if (entry.Value is not YamlScalar value || value.IsNull || value.Value.Contains('\0', StringComparison.Ordinal))
            {
                problems.Add(entry.Value, $"{path}.{key.Value}: expected text, found {entry.Value.Describe()} (write \"\" for an empty value)");
                continue;
            }

            into[key.Value] = value.Value;
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();
}
