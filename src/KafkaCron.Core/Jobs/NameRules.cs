using System.Text.RegularExpressions;

namespace KafkaCron.Core.Jobs;

/// <summary>
/// Job and cluster names are DNS-label-like, so they are safe in Kafka topic names, metric labels, file names
/// and process titles without escaping.
/// </summary>
public static partial class NameRules
{
    public const int MaxLength = 63;

    public const string Description =
        "lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters";

    public static bool IsValid(string? name) => name is { Length: > 0 and <= MaxLength } && Label().IsMatch(name);

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Label();
}
