using System.CommandLine;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Runs;
using KafkaCron.Kafka.Runs;
using KafkaCron.Kafka.Triggering;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron trigger JOB --jobs FILE [--wait]</c>: runs a job now, outside its schedule. The fire is built from the job
/// file exactly as the scheduler builds it, marked manual, and goes through the worker's admission like any fire: its
/// concurrency policy (a forbid job already running skips it, a replace job is replaced), retries and dead letters.
/// A thin shell over <see cref="Core.Scheduling.IManualTrigger"/> and <see cref="IRunFollower"/>.
/// </summary>
internal static class TriggerCommand
{
    /// <summary>--wait: the fire's last attempt ended other than succeeded (failed, skipped, replaced, ...).</summary>
    public const int RunDidNotSucceed = 3;

    public static Command Create(TimeProvider time)
    {
        var jobName = new Argument<string>("job") { Description = "The job to run now." };
        var jobFile = new JobFileOptions(required: true, "The job file the scheduler runs: the fire is built from it.");
        var wait = new Option<bool>("--wait") { Description = "Follow the run history and print each attempt until the fire ends; exit 0 if it succeeded, 3 if not." };
        var waitTimeout = new Option<string?>("--wait-timeout") { Description = "With --wait: give up waiting after this long (10m, 2h); exit 1. Default: wait until it ends." };
        var kafka = new KafkaCommandOptions();
        var command = new Command("trigger", "Run a job now: publish a manual fire of it that workers run like any fire (overlap policy, retries).")
        {
            jobName, wait, waitTimeout,
        };
        jobFile.AddTo(command);
        kafka.AddTo(command);
        command.Action = new KafkaCommandAction("trigger", async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            TimeSpan? giveUpAfter = null;
            if (parse.GetValue(waitTimeout) is { } text)
            {
                if (!DurationFormat.TryParse(text, out var limit, out var durationError) || limit <= TimeSpan.Zero)
                {
                    await error.WriteLineAsync($"kcron trigger: --wait-timeout: {durationError ?? "must be more than 0"}");
                    return UsageCheckedAction.UsageError;
                }

                giveUpAfter = limit;
            }

            if (!jobFile.TryFind(parse, "trigger", parse.GetRequiredValue(jobName), error, out var found) || found is not { } job)
            {
                return UsageCheckedAction.UsageError;
            }

            using var context = kafka.Open(parse);
            var follower = new KafkaRunFollower(context.Clients, context.Timeout);
            // The mark comes first, so no record of the fire can be written before the follower starts from it.
            var mark = parse.GetValue(wait) ? await follower.MarkEndAsync(job.Cluster, cancellationToken) : null;
            var manual = await new KafkaManualTrigger(context.Clients, time, context.Timeout).TriggerAsync(job, cancellationToken);
            var receipt = manual.Receipt;
            await output.WriteLineAsync(FormattableString.Invariant(
                $"triggered {job.Name} on {job.Cluster}: manual fire {manual.Fire.FireId} ({receipt.Topic} [{receipt.Partition}] @{receipt.Offset}), concurrencyPolicy {manual.Fire.ConcurrencyPolicy}"));
            if (job.Suspend)
            {
                await output.WriteLineAsync($"note: {job.Name} is suspended in {parse.GetValue(jobFile.Jobs)!.FullName}; a manual fire runs it all the same");
            }

            if (mark is null)
            {
                return 0;
            }

            await output.WriteLineAsync($"waiting for its run records on {context.Clients.Options.TopicNames.Runs(job.Cluster)} (Ctrl+C stops waiting, not the run)");
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (giveUpAfter is { } after)
            {
                waiting.CancelAfter(after);
            }

            try
            {
                await foreach (var run in follower.FollowAsync(mark, manual.Fire.FireId, waiting.Token).WithCancellation(waiting.Token))
                {
                    await output.WriteLineAsync(Describe(run));
                    if (RunOutcomes.EndsTheFire(run))
                    {
                        return run.Outcome == RunOutcomes.Succeeded ? 0 : RunDidNotSucceed;
                    }
                }
            }
            catch (OperationCanceledException) when (waiting.IsCancellationRequested)
            {
                // Ctrl+C or the wait timeout: said below.
            }

            await error.WriteLineAsync(
                $"kcron trigger: stopped waiting before fire {manual.Fire.FireId} ended; it may still run: kcron history --cluster {job.Cluster} --job {job.Name}");
            return KafkaCommandAction.KafkaFailure;
        });
        return command;
    }

    /// <summary><c>attempt 1: failed, exit 3, 1.2s on worker w1; 2 attempt(s) left: boom</c>.</summary>
    internal static string Describe(RunRecord run)
    {
        var parts = new List<string> { run.Outcome };
        if (RunText.Exit(run) is var exit && exit != RunText.None)
        {
            parts.Add("exit " + exit);
        }

        if (run.DurationSeconds is not null)
        {
            parts.Add($"{RunText.Duration(run)} on worker {run.Worker}");
        }
        else if (run.Worker is not null)
        {
            parts.Add("worker " + run.Worker);
        }

        if (RunOutcomes.IsFailure(run.Outcome) && run.RemainingAttempts is > 0)
        {
            parts.Add(FormattableString.Invariant($"a retry follows ({run.RemainingAttempts} attempt(s) left)"));
        }

        var line = RunText.FirstLine(run, width: 120);
        return FormattableString.Invariant($"attempt {run.Attempt}: {string.Join(", ", parts)}{(line.Length > 0 ? ": " + line : string.Empty)}");
    }
}
