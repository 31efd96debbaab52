using System.CommandLine;
using System.CommandLine.Invocation;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// A command's action that also handles the command line's own errors (an unknown option, a value of the wrong
/// type): they are reported on the error writer with exit code <see cref="UsageError"/>, the code these commands
/// use for every bad input, rather than System.CommandLine's default 1.
/// </summary>
internal sealed class UsageCheckedAction(string commandName, Func<ParseResult, int> run) : SynchronousCommandLineAction
{
    public const int UsageError = 2;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult) =>
        ReportedErrors(commandName, parseResult) ? UsageError : run(parseResult);

    /// <summary>Writes each parse error in one line, then where to find the usage; false when there are none.</summary>
    public static bool ReportedErrors(string commandName, ParseResult parseResult)
    {
        var messages = parseResult.Errors.Select(e => e.Message)
            .Concat(parseResult.UnmatchedTokens.Select(token => $"unrecognized argument '{token}'"))
            .ToList();
        if (messages.Count == 0)
        {
            return false;
        }

        var error = parseResult.InvocationConfiguration.Error;
        foreach (var message in messages)
        {
            error.WriteLine($"kcron {commandName}: {message}");
        }

        error.WriteLine($"Run 'kcron {commandName} --help' for usage.");
        return true;
    }
}
