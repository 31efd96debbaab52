using KafkaCron.Core.Messages;

namespace KafkaCron.Testing;

/// <summary>Fires as the scheduler publishes them, for tests that only care about job, instant, epoch and cluster.</summary>
internal static class TestFires
{
    /// <summary>A first attempt of <paramref name="job"/> scheduled and published at <paramref name="scheduledAt"/>, with a fresh fire id.</summary>
    public static FireMessage FirstAttempt(string job, DateTimeOffset scheduledAt, long? epoch = null, string? cluster = null) => new()
    {
        FireId = Guid.NewGuid().ToString(),
        Job = job,
        Cluster = cluster,
        Command = "true",
        ScheduledAt = scheduledAt,
        PublishedAt = scheduledAt,
        Attempt = 1,
        RemainingAttempts = 0,
        Epoch = epoch,
    };
}
