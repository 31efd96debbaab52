using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Checkpoint;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.ZooKeeper;

public static class ZooKeeperElectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ILeaderElector"/> and <see cref="IScheduleCheckpointStore"/> backed by ZooKeeper, with
    /// <see cref="ZooKeeperElectionOptions"/> validated when the host starts.
    /// </summary>
    public static IServiceCollection AddZooKeeperLeaderElection(this IServiceCollection services, Action<ZooKeeperElectionOptions> configure)
    {
        services.AddOptions<ZooKeeperElectionOptions>().Configure(configure).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ZooKeeperLeaderElector(
            sp.GetRequiredService<IOptions<ZooKeeperElectionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ZooKeeperLeaderElector>>()));
        services.AddSingleton<ILeaderElector>(sp => sp.GetRequiredService<ZooKeeperLeaderElector>());
        services.AddSingleton<IScheduleCheckpointStore>(sp => new ZooKeeperCheckpointStore(
            sp.GetRequiredService<ZooKeeperLeaderElector>(),
            sp.GetRequiredService<IOptions<ZooKeeperElectionOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ZooKeeperCheckpointStore>>()));
        return services;
    }
}
