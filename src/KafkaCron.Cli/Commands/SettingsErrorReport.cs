using System.CommandLine;
using System.Net;
using KafkaCron.Cli.Hosting;
using KafkaCron.Kafka.Mock;
using KafkaCron.Kafka.Topics;
using Microsoft.Extensions.Options;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// The one exit path of the long-running commands (scheduler, worker, broker, dev, console) for bad settings. A setting that
/// does not parse, one that fails validation at start, a settings file that is not there, a port that is out of range
/// or already taken (metrics, the mock cluster's), or a cluster whose topics are missing each print one line naming
/// the problem and exit
/// <see cref="UsageCheckedAction.UsageError"/>. Without this they would print a stack trace and exit 1.
/// </summary>
internal static class SettingsErrorReport
{
    public static Func<ParseResult, CancellationToken, Task<int>> Around(
        string commandName, Func<ParseResult, CancellationToken, Task<int>> run) =>
        async (parseResult, cancellationToken) =>
        {
            try
            {
                return await run(parseResult, cancellationToken);
            }
            catch (Exception ex) when (Describe(ex) is { Count: > 0 } lines)
            {
                foreach (var line in lines)
                {
                    await parseResult.InvocationConfiguration.Error.WriteLineAsync($"kcron {commandName}: {line}");
                }

                return UsageCheckedAction.UsageError;
            }
        };

    /// <returns>What to tell the user, one line a problem; empty when the exception is not about a setting.</returns>
    internal static IReadOnlyList<string> Describe(Exception ex) => ex switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Describe)],
        SettingException setting => [setting.Message],
        TopicsUnavailableException topics => [topics.Message],
        PortInUseException inUse => [inUse.Message],
        FileNotFoundException file when file.FileName is not null => [file.Message],
        // The configuration binder's "Failed to convert configuration value at 'Kafka:Partitions' to type 'System.Int32'."
        InvalidOperationException { InnerException: FormatException or OverflowException or ArgumentException } binding => [binding.Message],
        // Kestrel: "Failed to bind to address http://127.0.0.1:8080: address already in use."
        IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException } bind =>
            [$"Console:Port (--port): {bind.Message} Another program holds the port: pick another one"],
        HttpListenerException listener =>
            [$"Telemetry:MetricsPort (--metrics-port): cannot serve /metrics ({listener.Message}); another program may hold the port: pick another one, or 0 to turn the endpoint off"],
        { InnerException: { } inner } => Describe(inner),
        _ => [],
    };
}
