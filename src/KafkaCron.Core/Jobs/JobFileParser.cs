using KafkaCron.Core.Jobs.Parsing;

namespace KafkaCron.Core.Jobs;

/// <summary>Reads and validates a job file (format: docs/job-file.md).</summary>
public static class JobFileParser
{
    /// <summary>
    /// Pure: text in, result out; never throws on any text. <paramref name="path"/> only names the file in problems.
    /// <paramref name="knownClusters"/> are clusters declared by configuration outside the file (may be empty); the
    /// file may declare more under <c>clusters:</c>. The result's <see cref="JobFile.Clusters"/> lists the file's
    /// clusters in file order, then those only configuration declares; its jobs carry the defaults already applied.
    /// </summary>
    public static JobFileParseResult Parse(string yaml, string path, IReadOnlyCollection<string> knownClusters)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(knownClusters);

        var problems = new ProblemList(path);
        var root = YamlTreeReader.Read(yaml, problems);
        var file = problems.Count == 0 ? new JobFileReader(problems, knownClusters).Read(root) : null;
        return new JobFileParseResult(problems.Count == 0 ? file : null, problems.InFileOrder());
    }
}
