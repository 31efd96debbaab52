using System.Diagnostics.CodeAnalysis;

namespace KafkaCron.Cli.Commands;

/// <summary>The clusters a job file declares, for the programs that lay out topics or workers per cluster.</summary>
internal static class JobFileClusters
{
    /// <returns>False, with every problem written to <paramref name="error"/>, when the file cannot be used.</returns>
    public static bool TryRead(string path, IReadOnlyCollection<string> knownClusters, TextWriter error,
        [NotNullWhen(true)] out IReadOnlyList<string>? clusters)
    {
        clusters = null;
        if (!JobFileInput.TryParse(path, knownClusters, error, out var jobFile))
        {
            return false;
        }

        clusters = jobFile.Clusters.Select(cluster => cluster.Name).ToList();
        return true;
    }
}
