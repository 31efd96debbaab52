using System.Globalization;
using System.Text.RegularExpressions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// The repository's alert rules with every duration divided by a factor: range windows (<c>[15m]</c>), offsets
/// (<c>offset 15m</c>) and <c>for:</c>. Thresholds and the shape of every expression stay exactly as written, so
/// a drill exercises the real rules on a compressed clock. See docs/alert-drills.md.
/// </summary>
internal static partial class ScaledAlertRules
{
    public static string Scale(string rulesYaml, int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        return Duration().Replace(rulesYaml, match =>
        {
            var seconds = int.Parse(match.Groups["amount"].Value, CultureInfo.InvariantCulture) * match.Groups["unit"].Value switch
            {
                "s" => 1,
                "m" => 60,
                "h" => 3600,
                _ => 86_400,
            };
            if (seconds % factor != 0)
            {
                throw new InvalidOperationException($"{match.Value} is not a whole number of seconds when divided by {factor}");
            }

            return $"{match.Groups["before"].Value}{seconds / factor}s{match.Groups["after"].Value}";
        });
    }

    [GeneratedRegex(@"(?<before>\[|offset\s+|^\s*for:\s*)(?<amount>\d+)(?<unit>[smhd])(?<after>\]|\b)", RegexOptions.Multiline)]
    private static partial Regex Duration();
}
