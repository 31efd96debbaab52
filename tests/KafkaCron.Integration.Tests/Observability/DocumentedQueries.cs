using System.Text.RegularExpressions;

namespace KafkaCron.Integration.Tests.Observability;

/// <summary>One PromQL query an operator copies from a document, with the file it is in.</summary>
internal sealed record DocumentedQuery(string File, string Query);

/// <summary>
/// The queries of the <c>promql</c> code blocks in docs/metrics.md and the runbooks: one per line, a line that starts
/// with a binary operator continuing the one before; comments dropped.
/// </summary>
internal static partial class DocumentedQueries
{
    public static IReadOnlyList<DocumentedQuery> All()
    {
        var documents = new[] { RepositoryPaths.Of("docs", "metrics.md") }
            .Concat(Directory.GetFiles(RepositoryPaths.Of("runbooks"), "*.md").Order(StringComparer.Ordinal));
        var queries = new List<DocumentedQuery>();
        foreach (var document in documents)
        {
            var file = Path.GetRelativePath(RepositoryPaths.Root, document).Replace('\\', '/');
            foreach (Match block in PromQlBlock().Matches(File.ReadAllText(document)))
            {
                foreach (var line in block.Groups["body"].Value.Split('\n').Select(l => TrailingComment().Replace(l, string.Empty).Trim()))
                {
                    if (line.Length == 0 || line.StartsWith('#'))
                    {
                        continue;
                    }

                    if (Continuation().IsMatch(line) && queries.Count > 0 && queries[^1].File == file)
                    {
                        queries[^1] = queries[^1] with { Query = queries[^1].Query + " " + line };
                    }
                    else
                    {
                        queries.Add(new DocumentedQuery(file, line));
                    }
                }
            }
        }

        return queries;
    }

    /// <summary>The query with its placeholders (<c>&lt;cluster&gt;</c>, <c>&lt;job&gt;</c>, ...) filled in.</summary>
    public static string Filled(string query) => Placeholder().Replace(query, match => match.Groups["name"].Value);

    [GeneratedRegex(@"```promql\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex PromQlBlock();

    [GeneratedRegex(@"\s+#.*$")]
    private static partial Regex TrailingComment();

    [GeneratedRegex(@"^(?:/|\*|\+|-|and\b|or\b|unless\b)")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"<(?<name>[a-z]+)>")]
    private static partial Regex Placeholder();
}
