namespace KafkaCron.Testing;

/// <summary>Awaits a condition with a deadline instead of sleeping a guessed time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, Func<string> describeFailure)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"condition not met within {timeout}: {describeFailure()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
