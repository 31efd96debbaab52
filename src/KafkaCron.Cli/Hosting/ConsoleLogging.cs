using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace KafkaCron.Cli.Hosting;

/// <summary>
/// One log line per event, UTC timestamps, no colours: the format every kcron program writes, so that the
/// interleaved log of <c>kcron dev</c> reads as one.
/// </summary>
internal static class ConsoleLogging
{
    public static ILoggingBuilder AddKcronConsole(this ILoggingBuilder logging) => logging.AddSimpleConsole(console =>
    {
        console.SingleLine = true;
        console.TimestampFormat = "HH:mm:ss.fff ";
        console.UseUtcTimestamp = true;
        console.ColorBehavior = LoggerColorBehavior.Disabled;
    });

    /// <summary>For the programs that host no generic host (the local Kafka, the dev supervisor).</summary>
    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(logging => logging.AddKcronConsole());
}
