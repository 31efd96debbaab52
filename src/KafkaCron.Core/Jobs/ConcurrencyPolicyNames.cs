namespace KafkaCron.Core.Jobs;

/// <summary>
/// The names of <see cref="ConcurrencyPolicy"/> in job files and in a fire's <c>concurrencyPolicy</c> field, spelled
/// out once so that renaming the enum cannot change the wire and the parser, the publisher and the worker agree.
/// </summary>
public static class ConcurrencyPolicyNames
{
    public const string Allow = "allow";
    public const string Forbid = "forbid";
    public const string Replace = "replace";

    /// <summary>Every policy by its name, for the job-file parser.</summary>
    public static IReadOnlyDictionary<string, ConcurrencyPolicy> ByName { get; } = new Dictionary<string, ConcurrencyPolicy>(StringComparer.Ordinal)
    {
        [Allow] = ConcurrencyPolicy.Allow,
        [Forbid] = ConcurrencyPolicy.Forbid,
        [Replace] = ConcurrencyPolicy.Replace,
    };

    public static string Of(ConcurrencyPolicy policy) => policy switch
    {
        ConcurrencyPolicy.Allow => Allow,
        ConcurrencyPolicy.Forbid => Forbid,
        ConcurrencyPolicy.Replace => Replace,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown concurrency policy"),
    };
}
