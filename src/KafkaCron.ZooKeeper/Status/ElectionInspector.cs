using System.Globalization;
using System.Text;
using KafkaCron.Core.Leadership;
using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Election;
using Microsoft.Extensions.Logging;

namespace KafkaCron.ZooKeeper.Status;

/// <summary>Reads a deployment's election state without taking part in it.</summary>
public static class ElectionInspector
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Throws <see cref="ConnectionLossException"/> naming the servers when none answers.</summary>
    public static async Task<ElectionStatus> ReadAsync(
        string connectionString, string deploymentId, string rootPath, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var paths = new ElectionPaths(rootPath, deploymentId);
        await using var client = await ZooKeeperClient.ConnectAsync(
            ZooKeeperClientOptions.Parse(connectionString, SessionTimeout), time, logger, ct);
        if (await client.ExistsAsync(paths.Election, ct) is null)
        {
            return new ElectionStatus { DeploymentId = deploymentId, DeploymentExists = false, Candidates = [] };
        }

        var (children, _) = await client.GetChildrenAsync(paths.Election, ct);
        var candidates = new List<CandidateStatus>();
        foreach (var candidate in Candidate.Order(children))
        {
            try
            {
                var (data, stat) = await client.GetDataAsync($"{paths.Election}/{candidate.Name}", ct);
                candidates.Add(new CandidateStatus(candidate.Name, Encoding.UTF8.GetString(data), DateTimeOffset.FromUnixTimeMilliseconds(stat.Ctime)));
            }
            catch (NoNodeException)
            {
                // Left between listing and reading: no longer a candidate.
            }
        }

        var status = new ElectionStatus { DeploymentId = deploymentId, DeploymentExists = true, Candidates = candidates };
        status = await WithEpochAsync(client, paths, status, ct);
        return await WithCheckpointAsync(client, paths, status, ct);
    }

    private static async Task<ElectionStatus> WithEpochAsync(ZooKeeperClient client, ElectionPaths paths, ElectionStatus status, CancellationToken ct)
    {
        try
        {
            var (data, stat) = await client.GetDataAsync(paths.Epoch, ct);
            return long.TryParse(Encoding.UTF8.GetString(data), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
                ? status with { Epoch = epoch, EpochChangedAt = stat.Modified }
                : status;
        }
        catch (NoNodeException)
        {
            return status;
        }
    }

    private static async Task<ElectionStatus> WithCheckpointAsync(ZooKeeperClient client, ElectionPaths paths, ElectionStatus status, CancellationToken ct)
    {
        try
        {
            var (data, _) = await client.GetDataAsync(paths.Checkpoint, ct);
            var decoded = ScheduleCheckpointCodec.Decode(data, paths.DeploymentId);
            return decoded.IsSuccess
                ? status with { Checkpoint = decoded.Checkpoint }
                : status with { CheckpointError = decoded.Error };
        }
        catch (NoNodeException)
        {
            return status;
        }
    }
}
