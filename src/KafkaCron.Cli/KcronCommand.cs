using System.CommandLine;
using KafkaCron.Cli.Commands;

namespace KafkaCron.Cli;

/// <summary>The <c>kcron</c> root command: each subcommand is one program of KafkaCron.</summary>
internal static class KcronCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("KafkaCron: a distributed cron on Apache Kafka.");
        root.Subcommands.Add(WorkerCommand.Create());
        return root;
    }
}
