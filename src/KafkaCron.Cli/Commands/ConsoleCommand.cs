using System.CommandLine;
using System.Globalization;
using KafkaCron.Cli.Hosting;
using KafkaCron.WebConsole;
using KafkaCron.WebConsole.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron console</c>: the web console and JSON API (docs/console.md). It reads the job file, Kafka's topics and
/// ZooKeeper, keeps nothing of its own, and acts only with the admin token.
/// </summary>
internal static class ConsoleCommand
{
    public static Command Create()
    {
        var settings = new SettingsOptions();
        var jobs = new Option<FileInfo?>("--jobs") { Description = "The job file the scheduler runs; its jobs are listed (Console:JobsFile)." };
        var clusters = new Option<string[]>("--cluster")
        {
            Description = "A cluster to show besides those the job file declares; repeat for each (Console:Clusters).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var port = new Option<int?>("--port") { Description = $"HTTP port of the pages and the API; default {ConsoleOptions.DefaultPort} (Console:Port)." };
        var listen = new Option<string?>("--listen")
        {
            Description = "Address to listen on: localhost (default; put a TLS proxy in front), an IP address, or + for every interface (Console:ListenHost).",
        };
        var tokenFile = new Option<FileInfo?>("--admin-token-file")
        {
            Description = "File whose first line is the admin token every action needs; without it the console is read-only (Console:AdminTokenFile).",
        };
        var zookeeper = new Option<string?>("--zookeeper") { Description = "ZooKeeper ensemble of the scheduler replicas, host:port[,...] (Console:ZooKeeper)." };
        var deployment = new Option<string?>("--deployment") { Description = "Deployment id the scheduler replicas were started with (Console:Deployment)." };
        var root = new Option<string?>("--zookeeper-root") { Description = "Root znode of KafkaCron's election data (Console:ZooKeeperRoot)." };
        var refresh = new Option<int?>("--refresh-seconds") { Description = "How often open pages refresh; 0 turns it off (Console:RefreshSeconds)." };

        var command = new Command("console", "Serve the web console and the JSON API: jobs, runs, dead letters, cluster status, and actions with the admin token.");
        command.Options.Add(jobs);
        command.Options.Add(clusters);
        command.Options.Add(port);
        command.Options.Add(listen);
        command.Options.Add(tokenFile);
        command.Options.Add(zookeeper);
        command.Options.Add(deployment);
        command.Options.Add(root);
        command.Options.Add(refresh);
        settings.AddTo(command);
        command.SetAction(SettingsErrorReport.Around("console", async (parse, cancellationToken) =>
        {
            var flags = settings.ToConfiguration(parse).ToList();
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    flags.Add(new($"{ConsoleOptions.SectionName}:{key}", value));
                }
            }

            Set(nameof(ConsoleOptions.JobsFile), parse.GetValue(jobs)?.FullName);
            Set(nameof(ConsoleOptions.Port), Invariant(parse.GetValue(port)));
            Set(nameof(ConsoleOptions.ListenHost), parse.GetValue(listen));
            Set(nameof(ConsoleOptions.AdminTokenFile), parse.GetValue(tokenFile)?.FullName);
            Set(nameof(ConsoleOptions.ZooKeeper), parse.GetValue(zookeeper));
            Set(nameof(ConsoleOptions.Deployment), parse.GetValue(deployment));
            Set(nameof(ConsoleOptions.ZooKeeperRoot), parse.GetValue(root));
            Set(nameof(ConsoleOptions.RefreshSeconds), Invariant(parse.GetValue(refresh)));
            var extraClusters = parse.GetValue(clusters) ?? [];
            for (var i = 0; i < extraClusters.Length; i++)
            {
                Set($"{nameof(ConsoleOptions.Clusters)}:{i}", extraClusters[i]);
            }

            var builder = WebConsoleHosting.CreateBuilder();
            KcronHost.Configure(builder, parse.GetValue(settings.ConfigFile), flags, "kcron-console", KcronHost.DefaultConsoleMetricsPort,
                WebConsoleHosting.HostingMeterName);
            // Kestrel's and routing's per-request lines would drown the console's own.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Services.AddKcronConsole();
            await using var app = builder.Build();
            app.MapKcronConsole();
            await app.StartAsync(cancellationToken);
            app.LogListening();
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        }));
        return command;
    }

    private static string? Invariant(int? value) => value?.ToString(CultureInfo.InvariantCulture);
}
