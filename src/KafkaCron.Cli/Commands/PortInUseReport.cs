using System.CommandLine;
using KafkaCron.Kafka.Mock;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// The action of a command that starts the mock cluster on fixed ports (<c>kcron broker</c>, <c>kcron dev</c>): a port
/// already taken is bad input, reported in one line with <see cref="UsageCheckedAction.UsageError"/>, not a crash.
/// </summary>
internal static class PortInUseReport
{
    public static Func<ParseResult, CancellationToken, Task<int>> Around(
        string commandName, Func<ParseResult, CancellationToken, Task<int>> run) =>
        async (parseResult, cancellationToken) =>
        {
            try
            {
                return await run(parseResult, cancellationToken);
            }
            catch (PortInUseException ex)
            {
                await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kcron {commandName}: {ex.Message}");
                return UsageCheckedAction.UsageError;
            }
        };
}
