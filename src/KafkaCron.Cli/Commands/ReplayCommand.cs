using System.CommandLine;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.DeadLetters;

namespace KafkaCron.Cli.Commands;

/// <summary>
/// <c>kcron replay --cluster NAME --fire-id ID... | --all</c>: puts dead-lettered fires back on the cluster's jobs
/// topic as first attempts, with the attempts of the retry policy they carry. The dead letters stay where they are.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var cluster = new Option<string>("--cluster") { Description = "The cluster whose dead letters are replayed.", Required = true };
        var fireIds = new Option<string[]>("--fire-id") { Description = "Fire id to replay (repeatable).", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Replay every dead-lettered fire." };
        var kafka = new KafkaCommandOptions();
        var command = new Command("replay", "Put dead-lettered fires back on the jobs topic with fresh attempts.");
        command.Options.Add(cluster);
        command.Options.Add(fireIds);
        command.Options.Add(all);
        kafka.AddTo(command);
        command.Action = new KafkaCommandAction("replay", async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var name = parse.GetRequiredValue(cluster);
            var wanted = (parse.GetValue(fireIds) ?? []).ToHashSet(StringComparer.Ordinal);
            if (!ClusterOption.TryCheck([name], error))
            {
                return UsageCheckedAction.UsageError;
            }

            if (parse.GetValue(all) == (wanted.Count > 0))
            {
                await error.WriteLineAsync("kcron replay: give either --fire-id ID (one or more) or --all");
                return UsageCheckedAction.UsageError;
            }

            using var context = kafka.Open(parse);
            var clients = context.Clients;
            var entries = DeadLetterReader.ReadAll(clients, clients.Options.TopicNames.DeadLetter(name), context.Timeout, cancellationToken);
            var selection = ReplaySelection.Of(entries, wanted);
            if (selection.Missing.Count > 0)
            {
                await error.WriteLineAsync($"kcron replay: no dead-lettered fire with id {string.Join(", ", selection.Missing)}; nothing replayed");
                return 1;
            }

            var published = await DeadLetterReplayer.PublishAsync(clients, selection.Fires, name, TimeProvider.System, context.Timeout, cancellationToken);
            foreach (var fresh in published)
            {
                await parse.InvocationConfiguration.Output.WriteLineAsync(
                    $"replayed {fresh.Job} fire {fresh.FireId}: attempt 1 of {fresh.RemainingAttempts + 1}");
            }

            await parse.InvocationConfiguration.Output.WriteLineAsync($"{published.Count} fire(s) replayed to {clients.Options.TopicNames.Jobs(name)}");
            await WriteLeftBehindAsync(parse.InvocationConfiguration.Output, selection.LeftBehind);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Dead letters of records that never decoded hold the original bytes, not a fire, so there is nothing to put
    /// back: say how many were left and why, or an operator reads "0 fire(s) replayed" as an empty topic.
    /// </summary>
    private static async Task WriteLeftBehindAsync(TextWriter output, IReadOnlyList<DeadLetterEntry> left)
    {
        if (left.Count == 0)
        {
            return;
        }

        var reasons = left
            .GroupBy(e => e.DeadLetter?.Reason ?? "unreadable dead letter", StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        await output.WriteLineAsync(
            $"{left.Count} dead letter(s) left where they are: they hold no decodable fire to replay ({string.Join(", ", reasons)}); "
            + "kcron dead-letters shows them with their source offsets, and each keeps the original bytes in originalBase64");
    }
}
