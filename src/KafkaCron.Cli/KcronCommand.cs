using System.CommandLine;
using KafkaCron.Cli.Commands;

namespace KafkaCron.Cli;

/// <summary>The <c>kcron</c> root command: each subcommand is one program of KafkaCron.</summary>
internal static class KcronCommand
{
    /// <summary>
    /// How <c>kcron</c> parses its arguments. Response files are off: <c>@daily</c> and <c>@every 90s</c> are
    /// schedules, not names of files to read arguments from.
    /// </summary>
    public static ParserConfiguration ParserConfiguration => new() { ResponseFileTokenReplacer = null };

    public static RootCommand Create()
    {
        var root = new RootCommand("KafkaCron: a distributed cron on Apache Kafka.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(NextCommand.Create(TimeProvider.System));
        root.Subcommands.Add(BrokerCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(SchedulerCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(DeadLettersCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        return root;
    }
}
