using KafkaCron.Core.Control;

namespace KafkaCron.Core.Tests.Control;

public sealed class PauseRequestsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);
    private readonly ControlTopic _topic = new();

    [Fact]
    public async Task PauseAsync_NotPausedBefore_WritesThePauseWithWhoAndWhy()
    {
        var change = await new PauseRequests(_topic, _topic).PauseAsync("backup", "console@ops-1", "db migration", CancellationToken.None);

        Assert.Null(change.Before);
        Assert.Equal(("backup", true, "console@ops-1", "db migration"), (change.Written!.Job, change.Written.Paused, change.Written.By, change.Written.Reason));
        Assert.False(change.WasPaused);
        Assert.True(change.IsPaused);
        Assert.Single(_topic.Written);
    }

    [Fact]
    public async Task PauseAsync_AlreadyPaused_WritesAgainAndSaysWhatItWas()
    {
        await _topic.PauseAsync("backup", "alice@ops-1", "first", CancellationToken.None);

        var change = await new PauseRequests(_topic, _topic).PauseAsync("backup", "bob@ops-2", "second", CancellationToken.None);

        Assert.True(change.WasPaused);
        Assert.Equal("alice@ops-1", change.Before!.By);
        Assert.Equal("second", change.Written!.Reason);
        Assert.Equal(2, _topic.Written.Count);
    }

    [Fact]
    public async Task ResumeAsync_Paused_WritesTheResume()
    {
        await _topic.PauseAsync("backup", "alice@ops-1", null, CancellationToken.None);

        var change = await new PauseRequests(_topic, _topic).ResumeAsync("backup", "console@ops-1", CancellationToken.None);

        Assert.True(change.WasPaused);
        Assert.Equal((false, "console@ops-1"), (change.Written!.Paused, change.Written.By));
        Assert.False(change.IsPaused);
    }

    [Fact]
    public async Task ResumeAsync_NeverPaused_WritesNothing()
    {
        var change = await new PauseRequests(_topic, _topic).ResumeAsync("backup", "console@ops-1", CancellationToken.None);

        Assert.Null(change.Written);
        Assert.False(change.IsPaused);
        Assert.Empty(_topic.Written);
    }

    [Fact]
    public async Task ResumeAsync_ResumedBefore_WritesNothingAndKeepsWhoResumed()
    {
        await _topic.PauseAsync("backup", "alice@ops-1", null, CancellationToken.None);
        await _topic.ResumeAsync("backup", "alice@ops-1", CancellationToken.None);

        var change = await new PauseRequests(_topic, _topic).ResumeAsync("backup", "bob@ops-2", CancellationToken.None);

        Assert.Null(change.Written);
        Assert.Equal((false, "alice@ops-1"), (change.Before!.Paused, change.Before.By));
        Assert.Equal(2, _topic.Written.Count);
    }

    /// <summary>The control topic in memory: what is written is what the next read returns.</summary>
    private sealed class ControlTopic : IPauseStateReader, IPauseControl
    {
        public List<JobPause> Written { get; } = [];

        public Task<ControlTopicState> ReadAsync(CancellationToken cancellationToken) =>
            Task.FromResult(new ControlTopicState(Written.GroupBy(p => p.Job).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal), []));

        public Task<JobPause> PauseAsync(string job, string by, string? reason, CancellationToken cancellationToken) =>
            Task.FromResult(Write(new JobPause { Job = job, Paused = true, By = by, At = At, Reason = reason }));

        public Task<JobPause> ResumeAsync(string job, string by, CancellationToken cancellationToken) =>
            Task.FromResult(Write(new JobPause { Job = job, Paused = false, By = by, At = At }));

        private JobPause Write(JobPause pause)
        {
            Written.Add(pause);
            return pause;
        }
    }
}
