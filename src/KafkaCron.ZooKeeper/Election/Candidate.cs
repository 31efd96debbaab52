using System.Globalization;

namespace KafkaCron.ZooKeeper.Election;

/// <summary>
/// One candidate node, named <c>c-{token}-{sequence}</c>. The token, unique per creation, lets a replica find its
/// own node after a create whose reply was lost; the sequence ZooKeeper appended orders the queue.
/// </summary>
internal sealed record Candidate(string Name, string Token, long Sequence)
{
    public const string Prefix = "c-";

    public static string NamePrefix(string token) => $"{Prefix}{token}-";

    /// <summary>Candidates among <paramref name="children"/>, lowest sequence (the leader) first; foreign names are ignored.</summary>
    public static IReadOnlyList<Candidate> Order(IEnumerable<string> children) =>
        [.. children.Select(TryParse).OfType<Candidate>().OrderBy(c => c.Sequence)];

    public static Candidate? TryParse(string name)
    {
        var dash = name.LastIndexOf('-');
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || dash <= Prefix.Length)
        {
            return null;
        }

        return long.TryParse(name.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            ? new Candidate(name, name[Prefix.Length..dash], sequence)
            : null;
    }
}
