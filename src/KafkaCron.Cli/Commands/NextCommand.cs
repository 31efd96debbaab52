using System.CommandLine;
using System.Globalization;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron next --expr EXPR [--seconds] [--tz ZONE]</c> and <c>kcron next FILE [--job NAME]</c>: the next fire
/// instants strictly after <c>--from</c> (default now), one per line in ISO 8601 with the zone's offset; for a
/// whole file, <c>job&lt;TAB&gt;instant</c> lines of every job that is not suspended, ordered by instant.
/// </summary>
internal static class NextCommand
{
    public const int MaxCount = 10_000;

    private const string InstantFormat = "yyyy-MM-dd'T'HH:mm:sszzz";

    private static readonly string[] FromFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd'T'HH:mm'Z'",
    ];

    public static Command Create(TimeProvider time)
    {
        var symbols = new Symbols(
            File: new Argument<string?>("file")
            {
                Description = "A job file: list the next fires of its jobs.",
                Arity = ArgumentArity.ZeroOrOne,
            },
            Expr: new Option<string?>("--expr")
            {
                Description = "A schedule to try instead of a job file: 5-field cron, a descriptor such as @daily, or '@every 90s'.",
                HelpName = "expression",
            },
            Seconds: new Option<bool>("--seconds") { Description = "Read --expr as 6-field cron, seconds first." },
            Zone: new Option<string?>("--tz") { Description = "The IANA time zone --expr is read in (default UTC).", HelpName = "zone" },
            From: new Option<string?>("--from")
            {
                Description = "List fires strictly after this instant, ISO 8601 with an offset or Z (default: now).",
                HelpName = "instant",
            },
            Count: new Option<int>("--count") { Description = $"How many fires to list, per job (1 to {MaxCount}).", DefaultValueFactory = _ => 1 },
            Job: new Option<string?>("--job") { Description = "List only this job of the file.", HelpName = "name" },
            Clusters: new Option<string[]>("--cluster")
            {
                Description = "A cluster declared by configuration rather than by the file; repeat for several.",
                HelpName = "name",
            });

        var command = new Command("next", "Show when a schedule, or the jobs of a job file, fire next.");
        command.Arguments.Add(symbols.File);
        command.Options.Add(symbols.Expr);
        command.Options.Add(symbols.Seconds);
        command.Options.Add(symbols.Zone);
        command.Options.Add(symbols.From);
        command.Options.Add(symbols.Count);
        command.Options.Add(symbols.Job);
        command.Options.Add(symbols.Clusters);
        command.Action = new UsageCheckedAction("next", parseResult => Run(parseResult, symbols, time));
        return command;
    }

    private static int Run(ParseResult parseResult, Symbols symbols, TimeProvider time)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        var file = parseResult.GetValue(symbols.File);
        var expression = parseResult.GetValue(symbols.Expr);
        var count = parseResult.GetValue(symbols.Count);
        if (file is not null && file.StartsWith('-') && !File.Exists(file))
        {
            // System.CommandLine hands an unknown option to the optional file argument.
            error.WriteLine($"kcron next: unrecognized argument '{file}'");
            return UsageCheckedAction.UsageError;
        }

        var usage = (file, expression) switch
        {
            (null, null) => "give either --expr EXPRESSION or a job FILE",
            (not null, not null) => "give either --expr or a job FILE, not both",
            (not null, _) when Given(parseResult, symbols.Seconds) || Given(parseResult, symbols.Zone) =>
                "--seconds and --tz go with --expr; in a job file each job has its own timeZone",
            (null, _) when Given(parseResult, symbols.Job) || Given(parseResult, symbols.Clusters) =>
                "--job and --cluster go with a job FILE",
            _ when count is < 1 or > MaxCount => $"--count must be between 1 and {MaxCount}, found {count}",
            _ => null,
        };
        if (usage is not null)
        {
            error.WriteLine($"kcron next: {usage}");
            return UsageCheckedAction.UsageError;
        }

        if (!TryParseFrom(parseResult.GetValue(symbols.From), time, out var from, out var fromError))
        {
            error.WriteLine($"--from: {fromError}");
            return UsageCheckedAction.UsageError;
        }

        return expression is not null
            ? ForExpression(expression, parseResult.GetValue(symbols.Zone) ?? "UTC", parseResult.GetValue(symbols.Seconds), from, count, output, error)
            : ForFile(file!, parseResult.GetValue(symbols.Job), parseResult.GetValue(symbols.Clusters) ?? [], from, count, output, error);
    }

    private static bool Given(ParseResult parseResult, Option option) => parseResult.GetResult(option) is { Implicit: false };

    private static int ForExpression(
        string expression,
        string zoneId,
        bool withSeconds,
        DateTimeOffset from,
        int count,
        TextWriter output,
        TextWriter error)
    {
        if (!TimeZones.TryFind(zoneId, out var zone, out var zoneError))
        {
            error.WriteLine($"--tz: {zoneError}");
            return UsageCheckedAction.UsageError;
        }

        if (!FireSchedules.TryParse(expression, zone, withSeconds, out var schedule, out var scheduleError))
        {
            error.WriteLine($"--expr: {scheduleError}");
            return UsageCheckedAction.UsageError;
        }

        foreach (var instant in Fires(schedule, from, count))
        {
            output.WriteLine(Format(instant));
        }

        return 0;
    }

    private static int ForFile(
        string path,
        string? jobName,
        string[] clusters,
        DateTimeOffset from,
        int count,
        TextWriter output,
        TextWriter error)
    {
        if (!ClusterOption.TryCheck(clusters, error))
        {
            return UsageCheckedAction.UsageError;
        }

        if (!JobFileInput.TryRead(path, out var text, out var readError))
        {
            error.WriteLine(readError);
            return UsageCheckedAction.UsageError;
        }

        var result = JobFileParser.Parse(text, path, clusters);
        if (!result.IsValid)
        {
            foreach (var problem in result.Problems)
            {
                error.WriteLine(problem.ToString());
            }

            return UsageCheckedAction.UsageError;
        }

        var jobs = result.JobFile!.Jobs;
        if (jobName is not null)
        {
            var job = jobs.FirstOrDefault(j => j.Name == jobName);
            if (job is null)
            {
                error.WriteLine($"--job: {path} has no job named '{jobName}'; its jobs: {string.Join(", ", jobs.Select(j => j.Name))}");
                return UsageCheckedAction.UsageError;
            }

            if (job.Suspend)
            {
                error.WriteLine($"{job.Name} is suspended: it fires at none of these instants until 'suspend' is false");
            }

            foreach (var instant in Fires(FireSchedules.For(job), from, count))
            {
                output.WriteLine(Format(instant));
            }

            return 0;
        }

        foreach (var suspended in jobs.Where(j => j.Suspend))
        {
            error.WriteLine($"{suspended.Name} is suspended: not listed");
        }

        var fires = jobs
            .Where(job => !job.Suspend)
            .SelectMany((job, order) => Fires(FireSchedules.For(job), from, count).Select(instant => (job.Name, order, instant)))
            .OrderBy(fire => fire.instant.UtcTicks)
            .ThenBy(fire => fire.order);
        foreach (var (name, _, instant) in fires)
        {
            output.WriteLine($"{name}\t{Format(instant)}");
        }

        return 0;
    }

    private static IEnumerable<DateTimeOffset> Fires(IFireSchedule schedule, DateTimeOffset after, int count)
    {
        for (var i = 0; i < count && schedule.NextAfter(after) is { } next; i++)
        {
            yield return next;
            after = next;
        }
    }

    private static bool TryParseFrom(string? text, TimeProvider time, out DateTimeOffset from, out string? error)
    {
        error = null;
        if (text is null)
        {
            from = time.GetUtcNow();
            return true;
        }

        if (DateTimeOffset.TryParseExact(text, FromFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out from))
        {
            return true;
        }

        error = $"'{text}' is not an ISO 8601 instant with an offset, such as 2026-03-29T01:00:00+01:00 or 2026-03-29T00:00:00Z";
        return false;
    }

    private static string Format(DateTimeOffset instant) => instant.ToString(InstantFormat, CultureInfo.InvariantCulture);

    private sealed record Symbols(
        Argument<string?> File,
        Option<string?> Expr,
        Option<bool> Seconds,
        Option<string?> Zone,
        Option<string?> From,
        Option<int> Count,
        Option<string?> Job,
        Option<string[]> Clusters);
}
