namespace KafkaCron.Integration.Tests.Observability;

/// <summary>The Prometheus configuration, alert rules and their unit tests, checked by the real promtool.</summary>
public sealed class PromtoolTests
{
    [SkippableTheory]
    [InlineData("prometheus.yml")]
    [InlineData("prometheus-dev.yml")]
    public async Task CheckConfig_ShippedConfig_IsValidWithItsRuleFiles(string config)
    {
        var result = await ExternalTool.RunAsync(
            ExternalTool.Require("promtool"), ["check", "config", config], workingDirectory: RepositoryPaths.Of("prometheus"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rule files found", result.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task CheckRules_AlertRules_AreValid()
    {
        var result = await ExternalTool.RunAsync(ExternalTool.Require("promtool"), ["check", "rules", AlertRules.RulesPath]);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableFact]
    public async Task TestRules_AlertUnitTests_Pass()
    {
        var result = await ExternalTool.RunAsync(ExternalTool.Require("promtool"), ["test", "rules", AlertRules.TestsPath]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Stdout, StringComparison.Ordinal);
    }
}
