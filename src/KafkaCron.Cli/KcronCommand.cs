using System.CommandLine;
using System.CommandLine.Invocation;
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

    /// <summary>
    /// The process's exit code: an unknown subcommand or a missing required option is bad usage like kcron's own
    /// checks, 2, where System.CommandLine would return 1.
    /// </summary>
    public static int ExitCode(ParseResult parsed, int invoked) =>
        parsed.Action is ParseErrorAction ? UsageCheckedAction.UsageError : invoked;

    public static RootCommand Create()
    {
        var root = new RootCommand(
            "KafkaCron: a distributed cron on Apache Kafka.\n\n" +
            "Exit codes: 0 done (or stopped by SIGTERM/Ctrl+C); 1 failed while running (Kafka or ZooKeeper refused, a job " +
            "file became unreadable, an outcome could not be written); 2 bad usage or a bad setting (unknown command or " +
            "option, missing required option, invalid value, settings file missing, metrics port taken, topics missing), " +
            "reported in one line naming it; 3 kcron trigger --wait: the run did not succeed.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(NextCommand.Create(TimeProvider.System));
        root.Subcommands.Add(BrokerCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(SchedulerCommand.Create());
        root.Subcommands.Add(StatusCommand.Create(TimeProvider.System));
        root.Subcommands.Add(WorkerCommand.Create());
        root.Subcommands.Add(DeadLettersCommand.Create());
        root.Subcommands.Add(ReplayCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create(TimeProvider.System));
        root.Subcommands.Add(TriggerCommand.Create(TimeProvider.System));
        root.Subcommands.Add(PauseCommands.Pause(TimeProvider.System));
        root.Subcommands.Add(PauseCommands.Resume(TimeProvider.System));
        root.Subcommands.Add(ConsoleCommand.Create());
        return root;
    }
}
