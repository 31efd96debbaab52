namespace KafkaCron.Worker.Outcomes;

/// <summary>
/// How long a worker keeps trying to write a retry or dead letter through transient Kafka errors before it gives
/// up and stops (the fire stays uncommitted). With the defaults: 6 retries, 0.5 s doubling to 10 s, about 30 s.
/// </summary>
internal sealed record WriteRetryBudget(int MaxRetries, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static WriteRetryBudget Default { get; } = new(6, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));
}
