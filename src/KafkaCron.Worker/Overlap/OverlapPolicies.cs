namespace KafkaCron.Worker.Overlap;

/// <summary>The wire names of a fire's <c>concurrencyPolicy</c>; a missing or unknown one means allow.</summary>
internal static class OverlapPolicies
{
    public const string Allow = "allow";
    public const string Forbid = "forbid";
    public const string Replace = "replace";

    /// <summary>Runs under these policies are stopped when their partition moves, so the new owner never overlaps them.</summary>
    public static bool StopsOnRevoke(string policy) => policy is Forbid or Replace;
}
