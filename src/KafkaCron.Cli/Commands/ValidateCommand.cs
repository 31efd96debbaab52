using System.CommandLine;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron validate FILE [--cluster NAME ...]</c>: checks a job file and reports every problem at once, one
/// <c>FILE:LINE:COL: message</c> line each on stderr (exit 2), or a one-line summary on stdout (exit 0).
/// </summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The job file to check (YAML, see docs/job-file.md)." };
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "A cluster declared by configuration rather than by the file; repeat for several.",
            HelpName = "name",
        };

        var command = new Command("validate", "Check a job file and report every problem in it.");
        command.Arguments.Add(file);
        command.Options.Add(clusters);
        command.Action = new UsageCheckedAction("validate", parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var path = parseResult.GetRequiredValue(file);
            var known = parseResult.GetValue(clusters) ?? [];
            if (!ClusterOption.TryCheck(known, error))
            {
                return UsageCheckedAction.UsageError;
            }

            if (!JobFileInput.TryRead(path, out var text, out var readError))
            {
                error.WriteLine(readError);
                return UsageCheckedAction.UsageError;
            }

            var result = JobFileParser.Parse(text, path, known);
            if (!result.IsValid)
            {
                foreach (var problem in result.Problems)
                {
                    error.WriteLine(problem.ToString());
                }

                return UsageCheckedAction.UsageError;
            }

            output.WriteLine($"{path}: {result.JobFile!.Jobs.Count} jobs, {result.JobFile.Clusters.Count} clusters, valid");
            return 0;
        });
        return command;
    }
}
