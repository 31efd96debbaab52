namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>Collects the problems of one file, so that all of them are reported at once.</summary>
internal sealed class ProblemList(string path)
{
    private readonly List<JobFileProblem> problems = [];

    public int Count => problems.Count;

    public void Add(int line, int column, string message) => problems.Add(new JobFileProblem(path, line, column, message));

    public void Add(YamlNode node, string message) => Add(node.Line, node.Column, message);

    /// <summary>In file order; problems at the same place keep the order they were found in.</summary>
    public IReadOnlyList<JobFileProblem> InFileOrder() =>
        [.. problems.OrderBy(p => p.Line).ThenBy(p => p.Column)];
}
