using System.CommandLine;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Runs;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron history --cluster C [--job J] [--since 24h] [--failed] [--limit 50] [--json]</c>: what ran (and what was
/// refused or withheld) on a cluster, newest last, from its runs topic. A thin shell over <see cref="IRunHistoryReader"/>.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create(TimeProvider time)
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster whose runs are listed.", Required = true };
        var job = new Option<string?>("--job") { Description = "Only this job's runs." };
        var since = new Option<string>("--since")
        {
            Description = "Runs that ended since: a duration back from now (1h, 2d) or a time (2026-11-27T03:00:00Z).",
            DefaultValueFactory = _ => "24h",
        };
        var failed = new Option<bool>("--failed") { Description = "Only attempts that ran and failed (failed, timed-out, killed)." };
        var limit = new Option<int>("--limit") { Description = "Show the last N runs.", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "One JSON object per line, the run record as stored (outcome, exitCode, stdoutTail, ...)." };
        var kafka = new KafkaCommandOptions();
        var command = new Command("history", "List what ran on a cluster: when, job, attempt, outcome, exit, duration, worker, first line of output.")
        {
            cluster, job, since, failed, limit, json,
        };
        kafka.AddTo(command);
        command.Action = new KafkaCommandAction("history", async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var name = parse.GetRequiredValue(cluster);
            var jobName = parse.GetValue(job);
            if (!ClusterOption.TryCheck([name], error))
            {
                return UsageCheckedAction.UsageError;
            }

            if (jobName is not null && !NameRules.IsValid(jobName))
            {
                await error.WriteLineAsync($"kcron history: --job: '{jobName}' is not a valid job name: {NameRules.Description}");
                return UsageCheckedAction.UsageError;
            }

            if (parse.GetValue(limit) < 1)
            {
                await error.WriteLineAsync("kcron history: --limit must be at least 1");
                return UsageCheckedAction.UsageError;
            }

            if (!SinceOption.TryParse(parse.GetRequiredValue(since), time.GetUtcNow(), out var from, out var sinceError))
            {
                await error.WriteLineAsync("kcron history: " + sinceError);
                return UsageCheckedAction.UsageError;
            }

            using var context = kafka.Open(parse);
            var reader = new KafkaRunHistoryReader(context.Clients, context.Metrics, context.Timeout);
            var history = await reader.ReadAsync(new RunHistoryQuery
            {
                Cluster = name,
                Since = from,
                Job = jobName,
                FailedOnly = parse.GetValue(failed),
                Limit = parse.GetValue(limit),
            }, cancellationToken);

            foreach (var skipped in history.Skipped)
            {
                await error.WriteLineAsync($"kcron history: skipped a record that is not a run record, {skipped}");
            }

            if (parse.GetValue(json))
            {
                foreach (var run in history.Runs)
                {
                    await output.WriteLineAsync(RunRecordCodec.ToJsonLine(run));
                }

                return 0;
            }

            if (history.Runs.Count > 0)
            {
                foreach (var line in RunHistoryTable.Lines(history.Runs))
                {
                    await output.WriteLineAsync(line);
                }
            }

            await output.WriteLineAsync(FormattableString.Invariant(
                $"{history.Runs.Count} of {history.Matched} run(s) since {RunText.Instant(from)} shown{(history.Skipped.Count > 0 ? $"; {history.Skipped.Count} undecodable record(s) skipped" : string.Empty)}"));
            return 0;
        });
        return command;
    }
}
