namespace KafkaCron.Integration.Tests.Cli;

/// <summary>The job file docs/operations.md runs its commands against stays valid.</summary>
public sealed class OperationsExampleTests
{
    [Fact]
    public void Validate_OperationsExample_IsValid()
    {
        var path = Kcron.Example("operations.yaml");

        var run = Kcron.Run("validate", path);

        Assert.Equal($"{path}: 4 jobs, 1 clusters, valid\n", run.Output);
        Assert.Equal(0, run.ExitCode);
    }
}
