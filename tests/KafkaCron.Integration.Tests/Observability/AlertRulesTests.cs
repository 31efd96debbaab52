namespace KafkaCron.Integration.Tests.Observability;

/// <summary>House rules for every alert: annotations, a runbook that exists, severity, and unit tests both ways.</summary>
public sealed class AlertRulesTests
{
    private static readonly string[] Severities = ["critical", "warning", "none"];

    public static TheoryData<string> AlertNames() => new(AlertRules.Load().Select(rule => rule.Name));

    [Fact]
    public void Load_AlertRules_FindsTheWholeSet()
    {
        var names = AlertRules.Load().Select(rule => rule.Name).ToList();

        Assert.Contains("Watchdog", names);
        Assert.Contains("KcronNoLeader", names);
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_Annotations_HaveSummaryDescriptionAndAnExistingRunbook(string alert)
    {
        var rule = AlertRules.Load().Single(r => r.Name == alert);

        Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")), "summary");
        Assert.False(string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("description")), "description");
        Assert.Equal($"runbooks/{alert}.md", rule.Annotations.GetValueOrDefault("runbook_url"));
        Assert.True(File.Exists(RepositoryPaths.Of("runbooks", alert + ".md")), $"runbooks/{alert}.md is missing");
        Assert.Contains(rule.Labels.GetValueOrDefault("severity"), Severities);
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Alert_UnitTests_CoverFiringAndNotFiring(string alert)
    {
        var (firing, quiet) = AlertRules.UnitTestCoverage().GetValueOrDefault(alert);

        Assert.True(firing > 0, $"{alert}: no promtool case expects it to fire");
        Assert.True(quiet > 0 || alert == "Watchdog", $"{alert}: no promtool case expects it to stay quiet");
    }

    [Theory]
    [MemberData(nameof(AlertNames))]
    public void Runbook_ForAlert_HasArchitectureDiagramAndTheSectionsAnOperatorNeeds(string alert)
    {
        var runbook = File.ReadAllText(RepositoryPaths.Of("runbooks", alert + ".md"));

        Assert.StartsWith($"# {alert}", runbook, StringComparison.Ordinal);
        Assert.Contains("```mermaid", runbook, StringComparison.Ordinal);
        foreach (var section in new[] { "## Impact", "## Possible causes", "## Diagnose", "## Fix" })
        {
            Assert.Contains(section, runbook, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Runbooks_Directory_HasNoRunbookWithoutAnAlert()
    {
        var alerts = AlertRules.Load().Select(rule => rule.Name + ".md").ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.GetFiles(RepositoryPaths.Of("runbooks"), "*.md")
            .Select(Path.GetFileName)
            .Where(file => file is not "README.md" && !alerts.Contains(file!));

        Assert.Empty(orphans);
    }
}
