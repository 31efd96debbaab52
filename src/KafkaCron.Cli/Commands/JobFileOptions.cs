using System.CommandLine;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>--jobs FILE</c> and <c>--cluster NAME</c> (repeatable) of the operator commands that look a job up in the
/// scheduler's job file: read and validated as the scheduler reads it, every problem one line.
/// </summary>
internal sealed class JobFileOptions
{
    public JobFileOptions(bool required, string description)
    {
        Jobs = new Option<FileInfo?>("--jobs") { Description = description, Required = required };
        Clusters = new Option<string[]>("--cluster")
        {
            Description = "With --jobs: a cluster the job file does not declare but the scheduler knows (Scheduler:Clusters); repeatable.",
            DefaultValueFactory = _ => [],
        };
    }

    public Option<FileInfo?> Jobs { get; }

    public Option<string[]> Clusters { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Jobs);
        command.Options.Add(Clusters);
    }

    /// <returns>False, with every problem written, when the file given cannot be used; true (and null) when none was given.</returns>
    public bool TryRead(ParseResult parse, TextWriter error, out JobFile? jobFile, out string? path)
    {
        jobFile = null;
        path = parse.GetValue(Jobs)?.FullName;
        var known = parse.GetRequiredValue(Clusters);
        if (path is null)
        {
            return true;
        }

        if (!ClusterOption.TryCheck(known, error) || !JobFileInput.TryParse(path, known, error, out var parsed))
        {
            return false;
        }

        jobFile = parsed;
        return true;
    }

    /// <returns>False, with one line naming the job (and the likely one meant), when the file given has no such job.</returns>
    /// <param name="then">What the command therefore did not do, said at the end of that line ("nothing written").</param>
    public bool TryFind(ParseResult parse, string commandName, string job, TextWriter error, out JobDefinition? definition, string? then = null)
    {
        definition = null;
        if (!TryRead(parse, error, out var jobFile, out var path))
        {
            return false;
        }

        if (jobFile is not null && !JobLookup.TryFind(jobFile, job, path!, out definition, out var problem))
        {
            error.WriteLine($"kcron {commandName}: {problem}" + (then is null ? string.Empty : "; " + then));
            return false;
        }

        return true;
    }
}
