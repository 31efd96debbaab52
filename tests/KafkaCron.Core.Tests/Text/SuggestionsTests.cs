using KafkaCron.Core.Text;

namespace KafkaCron.Core.Tests.Text;

public sealed class SuggestionsTests
{
    private static readonly string[] Keys = ["name", "schedule", "timeZone", "command", "args", "retry", "env"];

    [Theory]
    [InlineData("timezone", "timeZone")]
    [InlineData("shedule", "schedule")]
    [InlineData("comand", "command")]
    [InlineData("schedlue", "schedule")]
    [InlineData("timeZon", "timeZone")]
    [InlineData("argz", "args")]
    public void Closest_LikelyTypo_SuggestsTheKey(string word, string expected) =>
        Assert.Equal(expected, Suggestions.Closest(word, Keys));

    [Theory]
    [InlineData("cwd")]
    [InlineData("owner")]
    [InlineData("x")]
    [InlineData("a-very-long-key-that-matches-nothing")]
    public void Closest_UnrelatedWord_SuggestsNothing(string word) => Assert.Null(Suggestions.Closest(word, Keys));
}
