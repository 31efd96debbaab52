using System.CommandLine;
using KafkaCron.Cli;

namespace KafkaCron.Integration.Tests.Cli;

/// <summary>Runs <c>kcron</c> in-process, as Program.cs does, capturing what it writes.</summary>
internal static class Kcron
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Example(string name) => Path.Combine(RepositoryRoot, "examples", name);

    public static CliRun Run(params string[] args) => Run(KcronCommand.Create(), args);

    public static CliRun Run(Command root, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };

        var parsed = root.Parse(args, KcronCommand.ParserConfiguration);
        var exitCode = KcronCommand.ExitCode(parsed, parsed.Invoke(new InvocationConfiguration { Output = output, Error = error }));

        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Pipeline.sln above {AppContext.BaseDirectory}");
    }
}

internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Lines(Output);

    public string[] ErrorLines => Lines(Error);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
