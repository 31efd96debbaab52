namespace KafkaCron.Integration.Tests.Observability;

/// <summary>
/// The PromQL an operator copies from docs/metrics.md and the runbooks is valid: the drill's Prometheus parses and
/// evaluates every query, placeholders filled in. An empty answer is fine (a healthy stack has no dead letters).
/// </summary>
[Collection(DrillCollection.Name)]
public sealed class DocumentedQueryTests(DrillStackFixture drill)
{
    [SkippableFact]
    public async Task Queries_InDocsAndRunbooks_ParseAndEvaluate()
    {
        Skip.If(drill.Unavailable is not null, drill.Unavailable);

        var failures = new List<string>();
        foreach (var documented in DocumentedQueries.All())
        {
            try
            {
                await drill.QueryAsync(DocumentedQueries.Filled(documented.Query));
            }
            catch (InvalidOperationException error)
            {
                failures.Add($"{documented.File}: {error.Message}");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public void All_Scan_FindsTheQueriesOfTheMetricsReferenceAndTheRunbooks()
    {
        var files = DocumentedQueries.All().GroupBy(q => q.File).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        Assert.True(files.GetValueOrDefault("docs/metrics.md") >= 10, string.Join(", ", files));
        Assert.True(files.GetValueOrDefault("runbooks/KcronDeadLetters.md") >= 2, string.Join(", ", files));
        Assert.True(files.Count >= 8, string.Join(", ", files));
    }

    [Theory]
    [InlineData("kcron_jobs_in_flight{cluster=\"<cluster>\"}", "kcron_jobs_in_flight{cluster=\"cluster\"}")]
    [InlineData("increase(kcron_dead_letters_total{kcron_job=\"<job>\"}[1h])", "increase(kcron_dead_letters_total{kcron_job=\"job\"}[1h])")]
    [InlineData("kcron_jobs_loaded < 5", "kcron_jobs_loaded < 5")]
    public void Filled_Placeholders_BecomeTheirNames(string query, string expected) =>
        Assert.Equal(expected, DocumentedQueries.Filled(query));
}
