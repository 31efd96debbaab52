using KafkaCron.ZooKeeper.Status;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole.Status;

/// <summary><see cref="ElectionInspector"/>, the code of <c>kcron status</c>, on the console's settings.</summary>
internal sealed class ZooKeeperElectionReader(IOptions<ConsoleOptions> options, TimeProvider time, ILogger<ZooKeeperElectionReader> logger)
    : IElectionReader
{
    public Task<ElectionStatus> ReadAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var connection = settings.ZooKeeper ?? throw new InvalidOperationException("the console was started without --zookeeper");
        return ElectionInspector.ReadAsync(connection, settings.Deployment, settings.ZooKeeperRoot, time, logger, cancellationToken);
    }
}
