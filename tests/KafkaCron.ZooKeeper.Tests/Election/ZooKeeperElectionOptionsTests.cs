using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KafkaCron.ZooKeeper.Tests.Election;

public sealed class ZooKeeperElectionOptionsTests
{
    [Fact]
    public async Task AddZooKeeperLeaderElection_ValidOptions_ResolvesElectorAndStore()
    {
        // The elector is only IAsyncDisposable, as the generic host disposes its container.
        await using var services = Build(o => o.ConnectionString = "zk1:2181,zk2:2181");

        Assert.IsType<ZooKeeperLeaderElector>(services.GetRequiredService<ILeaderElector>());
        Assert.NotNull(services.GetRequiredService<IScheduleCheckpointStore>());
        Assert.Same(services.GetRequiredService<ILeaderElector>(), services.GetRequiredService<ZooKeeperLeaderElector>());
    }

    [Theory]
    [InlineData("", "default", 10, 0.66, "ConnectionString")]
    [InlineData("zk1:2181/chroot", "default", 10, 0.66, "chroot")]
    [InlineData("zk1:2181", "../etc", 10, 0.66, "DeploymentId")]
    [InlineData("zk1:2181", "default", 0.1, 0.66, "SessionTimeout")]
    [InlineData("zk1:2181", "default", 10, 0.95, "LeaseFraction")]
    public void Options_Invalid_FailValidationNamingTheSetting(string connectionString, string deployment, double timeoutSeconds, double fraction, string named)
    {
        using var services = Build(o =>
        {
            o.ConnectionString = connectionString;
            o.DeploymentId = deployment;
            o.SessionTimeout = TimeSpan.FromSeconds(timeoutSeconds);
            o.LeaseFraction = fraction;
        });

        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ZooKeeperElectionOptions>>().Value);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Action<ZooKeeperElectionOptions> configure) =>
        new ServiceCollection().AddLogging().AddZooKeeperLeaderElection(configure).BuildServiceProvider();
}
