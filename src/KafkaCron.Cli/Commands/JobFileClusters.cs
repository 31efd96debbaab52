using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary>The clusters a job file declares, for the programs that lay out topics or workers per cluster.</summary>
internal static class JobFileClusters
{
    /// <returns>False, with every problem written to <paramref name="error"/>, when the file cannot be used.</returns>
    public static bool TryRead(string path, IReadOnlyCollection<string> knownClusters, TextWriter error,
        [NotNullWhen(true)] out IReadOnlyList<string>? clusters)
    {
        clusters = null;
        if (!JobFileInput.TryRead(path, out var text, out var readError))
        {
            error.WriteLine(readError);
            return false;
        }

        var parsed = JobFileParser.Parse(text, path, knownClusters);
        if (!parsed.IsValid || parsed.JobFile is null)
        {
            foreach (var problem in parsed.Problems)
            {
                error.WriteLine(problem.ToString());
            }

            return false;
        }

        clusters = parsed.JobFile.Clusters.Select(cluster => cluster.Name).ToList();
        return true;
    }
}
