using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper.Checkpoint;

/// <summary>
/// Keeps the schedule checkpoint in the deployment's <c>checkpoint</c> znode. A write is one multi that also
/// checks the writer's candidate node still exists and the epoch node still has the version its term gave it,
/// so a deposed leader's write fails whole instead of overwriting a newer term's position.
/// </summary>
public sealed class ZooKeeperCheckpointStore : IScheduleCheckpointStore
{
    private readonly ZooKeeperLeaderElector _elector;
    private readonly ElectionPaths _paths;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ZooKeeperCheckpointStore(
        ZooKeeperLeaderElector elector, ZooKeeperElectionOptions options, TimeProvider time, ILogger<ZooKeeperCheckpointStore> logger)
    {
        _elector = elector;
        _paths = new ElectionPaths(options.RootPath, options.DeploymentId);
        _time = time;
        _logger = logger;
    }

    public async Task<ScheduleCheckpoint?> ReadAsync(CancellationToken ct)
    {
        var client = await _elector.GetSessionAsync(ct);
        var (data, _) = await client.GetDataAsync(_paths.Checkpoint, ct);
        var decoded = ScheduleCheckpointCodec.Decode(data, _paths.DeploymentId);
        return decoded.IsSuccess
            ? decoded.Checkpoint
            : throw new CheckpointRejectedException(
                $"the checkpoint in ZooKeeper node {_paths.Checkpoint} cannot be used: {decoded.Error.TrimEnd('.')}. " +
                "Fix or delete it (kcron status shows it); the scheduler will not guess a position");
    }

    public async Task WriteAsync(ILeadership leadership, ScheduleCheckpoint checkpoint, CancellationToken ct)
    {
        if (leadership is not ZooKeeperLeadership term)
        {
            throw new ArgumentException("the leadership was not acquired from ZooKeeper", nameof(leadership));
        }

        if (term.Lost.IsCancellationRequested)
        {
            throw new LeadershipLostException($"leadership of epoch {term.Epoch} ended: {term.LostReason}");
        }

        var stamped = checkpoint with
        {
            FormatVersion = ScheduleCheckpoint.CurrentFormatVersion,
            DeploymentId = _paths.DeploymentId,
            Epoch = term.Epoch,
            WrittenAt = _time.GetUtcNow(),
        };
        try
        {
            await term.Client.MultiAsync(
            [
                new ZooKeeperOp.Check(term.CandidatePath, -1),
                new ZooKeeperOp.Check(_paths.Epoch, term.EpochVersion),
                new ZooKeeperOp.SetData(_paths.Checkpoint, ScheduleCheckpointCodec.Encode(stamped), -1),
            ], ct);
        }
        catch (ZooKeeperException ex) when (IsFenced(ex, term))
        {
            Log.CheckpointWriteRefused(_logger, term.Epoch, ex.Message);
            throw new LeadershipLostException(
                $"checkpoint not written: epoch {term.Epoch} is no longer the current term ({ex.Message})", ex);
        }
        catch (ObjectDisposedException ex)
        {
            throw new LeadershipLostException($"checkpoint not written: the ZooKeeper session of epoch {term.Epoch} is closed", ex);
        }
    }

    private bool IsFenced(ZooKeeperException ex, ZooKeeperLeadership term) =>
        ex is SessionExpiredException
        || (ex is NoNodeException && ex.Path == term.CandidatePath)
        || (ex is BadVersionException or NoNodeException && ex.Path == _paths.Epoch);
}
