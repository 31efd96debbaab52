namespace KafkaCron.ZooKeeper.Election;

/// <summary>
/// The znodes of one deployment: <c>{root}/{deployment}/election</c> holds the candidates,
/// <c>.../epoch</c> the latest term's epoch, <c>.../checkpoint</c> the schedule checkpoint.
/// </summary>
internal sealed record ElectionPaths(string Root, string DeploymentId)
{
    public string Deployment => $"{Root}/{DeploymentId}";

    public string Election => $"{Deployment}/election";

    public string Epoch => $"{Deployment}/epoch";

    public string Checkpoint => $"{Deployment}/checkpoint";

    /// <summary>Every persistent node, parents first, so each can be created in order.</summary>
    public IEnumerable<string> PersistentNodes()
    {
        var path = "";
        foreach (var segment in Root.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            path += "/" + segment;
            yield return path;
        }

        yield return Deployment;
        yield return Election;
        yield return Epoch;
        yield return Checkpoint;
    }
}
