using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary>Checks the names given with <c>--cluster</c>, which must follow the same rule as the file's.</summary>
internal static class ClusterOption
{
    public static bool TryCheck(IEnumerable<string> names, TextWriter error)
    {
        var valid = true;
        foreach (var name in names.Where(name => !NameRules.IsValid(name)))
        {
            error.WriteLine($"--cluster: '{name}' is not a valid cluster name: {NameRules.Description}");
            valid = false;
        }

        return valid;
    }
}
