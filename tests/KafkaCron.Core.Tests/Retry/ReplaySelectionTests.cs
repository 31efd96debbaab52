using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;

namespace KafkaCron.Core.Tests.Retry;

public sealed class ReplaySelectionTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Of_AllWanted_TakesEachFireOnceAndNamesTheLettersWithoutAFire()
    {
        var fire = Fire("f1");
        var unreadable = new DeadLetterEntry(0, 2, Letter(null, "bad-json"));
        var entries = new[] { new DeadLetterEntry(0, 0, Letter(fire)), new DeadLetterEntry(0, 1, Letter(fire)), unreadable, new DeadLetterEntry(1, 0, null) };

        var selection = ReplaySelection.Of(entries, new HashSet<string>());

        Assert.Equal(["f1"], selection.Fires.Select(f => f.FireId));
        Assert.Empty(selection.Missing);
        Assert.Equal([unreadable, entries[3]], selection.LeftBehind);
    }

    [Fact]
    public void Of_IdsWanted_TakesThoseAndNamesTheOnesNotThere()
    {
        var entries = new[] { new DeadLetterEntry(0, 0, Letter(Fire("f1"))), new DeadLetterEntry(0, 1, Letter(Fire("f2"))) };

        var selection = ReplaySelection.Of(entries, new HashSet<string> { "f2", "nope" });

        Assert.Equal(["f2"], selection.Fires.Select(f => f.FireId));
        Assert.Equal(["nope"], selection.Missing);
        Assert.Empty(selection.LeftBehind);
    }

    private static FireMessage Fire(string id) => new() { FireId = id, Job = "j", ScheduledAt = Now, PublishedAt = Now };

    private static DeadLetter Letter(FireMessage? fire, string reason = "attempts-exhausted") => new()
    {
        Reason = reason,
        Detail = "d",
        SourceTopic = "kcron.jobs.a",
        DeadLetteredAt = Now,
        Fire = fire,
    };
}
