using KafkaCron.WebConsole.Api;

namespace KafkaCron.WebConsole.Tests.Api;

public sealed class QueryInputTests
{
    [Theory]
    [InlineData(null, 7)]
    [InlineData("", 7)]
    [InlineData("3", 3)]
    public void TryInt_AbsentOrInRange_Taken(string? text, int expected)
    {
        Assert.True(QueryInput.TryInt(text, "limit", 1, 10, 7, out var value, out _));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("11")]
    [InlineData("-1")]
    [InlineData("ten")]
    public void TryInt_OutOfRangeOrNotANumber_MessageNamesTheParameterAndTheRange(string text)
    {
        Assert.False(QueryInput.TryInt(text, "limit", 1, 10, 7, out _, out var error));
        Assert.Equal($"'limit' must be a whole number from 1 to 10, not '{text}'", error);
    }

    [Fact]
    public void TryCluster_Unknown_ListsTheKnownOnes()
    {
        Assert.False(QueryInput.TryCluster("nope", ["a", "b"], out _, out var error));
        Assert.Equal("'cluster' must be one of the console's clusters (a, b), not 'nope'", error);
    }
}
