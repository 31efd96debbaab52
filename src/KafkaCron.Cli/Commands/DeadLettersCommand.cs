using System.CommandLine;
using System.Globalization;
using KafkaCron.Kafka.DeadLetters;

namespace KafkaCron.Cli.Commands;

/// <summary><c>kcron dead-letters --cluster NAME</c>: what is in the cluster's dead-letter topic, newest last.</summary>
internal static class DeadLettersCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster whose dead-letter topic is listed.", Required = true };
        var limit = new Option<int>("--limit") { Description = "Show at most the last N dead letters.", DefaultValueFactory = _ => 50 };
        var kafka = new KafkaCommandOptions();
        var command = new Command("dead-letters", "List the dead letters of a cluster: reason, job, fire id, attempts, when.");
        command.Options.Add(cluster);
        command.Options.Add(limit);
        kafka.AddTo(command);
        command.Action = new KafkaCommandAction("dead-letters", (parse, cancellationToken) =>
        {
            var name = parse.GetRequiredValue(cluster);
            if (!ClusterOption.TryCheck([name], parse.InvocationConfiguration.Error))
            {
                return Task.FromResult(UsageCheckedAction.UsageError);
            }

            using var context = kafka.Open(parse);
            var clients = context.Clients;
            var entries = DeadLetterReader.ReadAll(clients, clients.Options.TopicNames.DeadLetter(name), context.Timeout, cancellationToken)
                .OrderBy(e => e.DeadLetter?.DeadLetteredAt ?? DateTimeOffset.MinValue)
                .TakeLast(Math.Max(0, parse.GetValue(limit)))
                .ToList();
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(FormattableString.Invariant($"{"DEAD-LETTERED AT",-24} {"REASON",-20} {"JOB",-24} {"FIRE ID",-36} {"ATTEMPTS",8} {"PARTITION/OFFSET",16}"));
            foreach (var entry in entries)
            {
                var letter = entry.DeadLetter;
                var attempts = letter?.Fire?.History?.Count.ToString(CultureInfo.InvariantCulture) ?? "-";
                output.WriteLine(FormattableString.Invariant(
                    $"{letter?.DeadLetteredAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) ?? "-",-24} {letter?.Reason ?? "(unreadable)",-20} {letter?.Fire?.Job ?? "-",-24} {letter?.Fire?.FireId ?? "-",-36} {attempts,8} {$"{entry.Partition}/{entry.Offset}",16}"));
            }

            output.WriteLine(FormattableString.Invariant($"{entries.Count} dead letter(s) shown"));
            return Task.FromResult(0);
        });
        return command;
    }
}
