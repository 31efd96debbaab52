namespace KafkaCron.Core.Jobs;

/// <summary>The names of <see cref="MisfirePolicy"/> in job files, spelled out once for the parser and for what the CLI prints.</summary>
public static class MisfirePolicyNames
{
    public const string FireOnce = "fireOnce";
    public const string FireAll = "fireAll";
    public const string Skip = "skip";

    public static IReadOnlyDictionary<string, MisfirePolicy> ByName { get; } = new Dictionary<string, MisfirePolicy>(StringComparer.Ordinal)
    {
        [FireOnce] = MisfirePolicy.FireOnce,
        [FireAll] = MisfirePolicy.FireAll,
        [Skip] = MisfirePolicy.Skip,
    };

    public static string Of(MisfirePolicy policy) => policy switch
    {
        MisfirePolicy.FireOnce => FireOnce,
        MisfirePolicy.FireAll => FireAll,
        MisfirePolicy.Skip => Skip,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown misfire policy"),
    };
}
