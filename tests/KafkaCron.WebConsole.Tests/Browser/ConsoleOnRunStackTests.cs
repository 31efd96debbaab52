namespace KafkaCron.WebConsole.Tests.Browser;

/// <summary>The console's actions against a real worker, through the API: they behave as the CLI's commands do.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleOnRunStackTests(RunStack stack)
{
    [Fact]
    public async Task Trigger_TwiceAtOnceUnderForbid_OneRunsTheOtherIsSkipped()
    {
        // nightly-backup runs 2 s under forbid: the second manual fire reaches the worker while the first runs.
        var fires = await Task.WhenAll(stack.TriggerAsync("nightly-backup"), stack.TriggerAsync("nightly-backup"));

        IReadOnlyList<(string FireId, string Outcome)> runs = [];
        await Eventually.TrueAsync(() =>
        {
            runs = [.. stack.RunsAsync("nightly-backup").GetAwaiter().GetResult().Where(r => fires.Contains(r.FireId))];
            return runs.Count == 2;
        }, RunStack.Patience, stack.Transcript);
        Assert.Equal(["skipped-overlap", "succeeded"], runs.Select(r => r.Outcome).Order(StringComparer.Ordinal));
    }
}
