using System.CommandLine;
using System.CommandLine.Invocation;
using KafkaCron.Core.Messages;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// The action of the commands that ask Kafka and return (history, trigger, pause, resume, status). Bad usage (an
/// unknown option, a bad value, a bad setting) is one line each and exit 2, as <see cref="UsageCheckedAction"/>
/// does; Kafka unreachable or a topic missing is one line and exit 1, never a stack trace.
/// </summary>
internal sealed class KafkaCommandAction(string commandName, Func<ParseResult, CancellationToken, Task<int>> run) : AsynchronousCommandLineAction
{
    public const int KafkaFailure = 1;

    public override bool ClearsParseErrors => true;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        if (UsageCheckedAction.ReportedErrors(commandName, parseResult))
        {
            return UsageCheckedAction.UsageError;
        }

        var error = parseResult.InvocationConfiguration.Error;
        try
        {
            return await run(parseResult, cancellationToken);
        }
        catch (KafkaUnavailableException ex)
        {
            await error.WriteLineAsync($"kcron {commandName}: {ex.Message}");
            return KafkaFailure;
        }
        catch (Exception ex) when (SettingsErrorReport.Describe(ex) is { Count: > 0 } lines)
        {
            foreach (var line in lines)
            {
                await error.WriteLineAsync($"kcron {commandName}: {line}");
            }

            return UsageCheckedAction.UsageError;
        }
    }
}
