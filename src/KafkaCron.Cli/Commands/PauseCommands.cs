using System.CommandLine;
using KafkaCron.Core.Control;
using KafkaCron.Core.Jobs;
using KafkaCron.Kafka.Control;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron pause JOB [--reason TEXT]</c> and <c>kcron resume JOB</c>: cluster-wide, runtime, through the control topic
/// every scheduler replica follows, so a pause survives restarts and failovers. With <c>--jobs FILE</c> the name is
/// checked against the job file (an unknown job is refused, exit 2); without it the name is written as given, and
/// pauses whatever job of that name there is or will be. Thin shells over <see cref="PauseRequests"/>, as
/// the console is.
/// </summary>
internal static class PauseCommands
{
    public static Command Pause(TimeProvider time)
    {
        var reason = new Option<string?>("--reason") { Description = "Why, for kcron status and kcron history (\"db migration until 14:00\")." };
        return Create("pause", "Pause a job on every scheduler: its fires are withheld, counted and recorded until it is resumed.", time, reason,
            async (context, args, cancellationToken) =>
            {
                var (output, jobName, job, by) = args;
                var change = await Requests(context, time).PauseAsync(jobName, by, args.Reason, cancellationToken);
                await output.WriteLineAsync(change.WasPaused
                    ? $"{jobName} was already {change.Before!.Describe()}; written again: {change.Written!.Describe()}"
                    : $"{jobName} is now {change.Written!.Describe()}");

                await output.WriteLineAsync("the leading scheduler withholds its fires from its next instant on and records each as paused (kcron history); kcron resume " + jobName + " lifts it");
                if (job is null)
                {
                    await output.WriteLineAsync("note: the name was not checked against a job file (give --jobs FILE to check it)");
                }

                return 0;
            });
    }

    public static Command Resume(TimeProvider time) =>
        Create("resume", "Resume a paused job: its schedule goes on; its misfire policy decides one catch-up fire of what it missed.", time, reason: null,
            async (context, args, cancellationToken) =>
            {
                var (output, jobName, job, by) = args;
                if (job is { Suspend: true })
                {
                    await output.WriteLineAsync($"note: {jobName} has suspend: true in its job file, which keeps it from firing whatever kcron resume says; set it to false to resume it from the file");
                }

                var change = await Requests(context, time).ResumeAsync(jobName, by, cancellationToken);
                if (change.Written is not { } resume)
                {
                    await output.WriteLineAsync($"{jobName} is not paused; nothing written");
                    return 0;
                }

                await output.WriteLineAsync($"resumed {jobName} ({change.Before!.Describe()}); {resume.Describe()}");
                await output.WriteLineAsync(job is null
                    ? "its schedule goes on at its next instant; no withheld instant is replayed, and its misfire policy decides whether the latest fires once now (docs/operations.md)"
                    : $"its schedule goes on at its next instant; no withheld instant is replayed, and misfirePolicy {MisfirePolicyNames.Of(job.MisfirePolicy)}: {CatchUp(job)}");
                return 0;
            });

    /// <summary>What a resume catches up on under the job's misfire policy (SchedulePlan.SetPaused).</summary>
    internal static string CatchUp(JobDefinition job) => job.MisfirePolicy switch
    {
        MisfirePolicy.FireOnce => "the latest instant withheld while paused fires once now",
        MisfirePolicy.FireAll => $"the latest instant withheld while paused fires once now if it is within catchUpWindow ({DurationFormat.Format(job.CatchUpWindow)}), else none",
        _ => "none of the instants withheld while paused fires",
    };

    private static Command Create(
        string name, string description, TimeProvider time, Option<string?>? reason, Func<KafkaCommandContext, Request, CancellationToken, Task<int>> act)
    {
        var jobName = new Argument<string>("job") { Description = $"The job to {name}." };
        var jobFile = new JobFileOptions(required: false, "The scheduler's job file: refuse a name it has no job of.");
        var kafka = new KafkaCommandOptions();
        var command = new Command(name, description) { jobName };
        jobFile.AddTo(command);
        if (reason is not null)
        {
            command.Options.Add(reason);
        }

        kafka.AddTo(command);
        command.Action = new KafkaCommandAction(name, async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var job = parse.GetRequiredValue(jobName);
            if (!NameRules.IsValid(job))
            {
                await error.WriteLineAsync($"kcron {name}: '{job}' is not a valid job name: {NameRules.Description}");
                return UsageCheckedAction.UsageError;
            }

            if (!jobFile.TryFind(parse, name, job, error, out var definition, then: "nothing written"))
            {
                return UsageCheckedAction.UsageError;
            }

            using var context = kafka.Open(parse);
            var request = new Request(parse.InvocationConfiguration.Output, job, definition, Operator())
            {
                Reason = reason is null ? null : parse.GetValue(reason),
            };
            return await act(context, request, cancellationToken);
        });
        return command;
    }

    private static PauseRequests Requests(KafkaCommandContext context, TimeProvider time) => new(
        new KafkaPauseStateReader(context.Clients, context.Metrics, context.Timeout), new KafkaPauseControl(context.Clients, time, context.Timeout));

    /// <summary>Who asks: <c>user@host</c>.</summary>
    private static string Operator() => $"{Environment.UserName}@{Environment.MachineName}";

    private sealed record Request(TextWriter Output, string Job, JobDefinition? Definition, string By)
    {
        public string? Reason { get; init; }
    }
}
