using System.Globalization;
using System.Text;

namespace KafkaCron.ZooKeeper.Status;

/// <summary>Renders <see cref="ElectionStatus"/> as the text <c>kcron status</c> prints.</summary>
public static class ElectionStatusFormatter
{
    public static string Format(ElectionStatus status, DateTimeOffset now)
    {
        var text = new StringBuilder();
        Line(text, "deployment", status.DeploymentId);
        if (!status.DeploymentExists)
        {
            Line(text, "leader", "none: no scheduler replica has joined this deployment");
            return text.ToString();
        }

        if (status.Candidates.Count == 0)
        {
            Line(text, "leader", "none: no scheduler replica is running");
        }

        for (var i = 0; i < status.Candidates.Count; i++)
        {
            var candidate = status.Candidates[i];
            var since = $"candidate for {Age(now - candidate.Since)}, node {candidate.Node}";
            Line(text, i == 0 ? "leader" : "standby", i == 0 && status.Epoch is { } epoch
                ? Invariant($"{candidate.ReplicaId}  epoch {epoch}  ({since})")
                : $"{candidate.ReplicaId}  ({since})");
        }

        if (status.Epoch is { } latest && status.EpochChangedAt is { } changed)
        {
            Line(text, "epoch", Invariant($"{latest}, begun {Age(now - changed)} ago"));
        }

        if (status.CheckpointError is not null)
        {
            Line(text, "checkpoint", $"REFUSED: {status.CheckpointError}; a scheduler will not start from it");
        }
        else if (status.Checkpoint is not { } checkpoint)
        {
            Line(text, "checkpoint", "none written yet");
        }
        else
        {
            Line(text, "checkpoint", Invariant(
                $"scheduled up to {checkpoint.ScheduledUpTo.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, written {Age(now - checkpoint.WrittenAt)} ago by epoch {checkpoint.Epoch}"));
            foreach (var job in checkpoint.LastFired.Keys.Union(checkpoint.Pending.Keys).Order(StringComparer.Ordinal))
            {
                var position = new List<string>(2);
                if (checkpoint.LastFired.TryGetValue(job, out var lastFired))
                {
                    position.Add(Invariant($"last fired {lastFired.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}"));
                }

                if (checkpoint.Pending.TryGetValue(job, out var pending))
                {
                    position.Add(Invariant($"pending {pending.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} (owed again by the next leader unless read back)"));
                }

                text.Append(CultureInfo.InvariantCulture, $"  {job,-24} {string.Join(", ", position)}").Append('\n');
            }

            if (checkpoint.ReadBackFrom.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {"read back from",-24} ")
                    .AppendJoin(", ", checkpoint.ReadBackFrom.Select(p => Invariant($"{p.Topic}[{p.Partition}]@{p.Offset}")))
                    .Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>"850 ms", "42.0 s", "3 min 5 s", "2 h 7 min", "3 d 4 h"; negative ages (clock skew) read as 0 ms.</summary>
    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age switch
        {
            { TotalSeconds: < 1 } => Invariant($"{age.TotalMilliseconds:F0} ms"),
            { TotalMinutes: < 1 } => Invariant($"{age.TotalSeconds:F1} s"),
            { TotalHours: < 1 } => Invariant($"{age.Minutes} min {age.Seconds} s"),
            { TotalDays: < 1 } => Invariant($"{age.Hours} h {age.Minutes} min"),
            _ => Invariant($"{(int)age.TotalDays} d {age.Hours} h"),
        };
    }

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(CultureInfo.InvariantCulture, $"{label,-11} {value}").Append('\n');

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
