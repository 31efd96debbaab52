using KafkaCron.WebConsole.Api;

namespace KafkaCron.WebConsole.Tests.Api;

public sealed class PauseReasonTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("  db migration  ", "db migration")]
    public void Check_AbsentOrOneLine_TakenTrimmed(string? text, string? expected)
    {
        var (reason, error) = PauseReason.Check(text);

        Assert.Null(error);
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData("two\nlines", "'reason' must be one line of text, without control characters")]
    [InlineData("bell\a", "'reason' must be one line of text, without control characters")]
    public void Check_ControlCharacters_Refused(string text, string expected) =>
        Assert.Equal((null, expected), PauseReason.Check(text));

    [Fact]
    public void Check_TooLong_RefusedNamingTheLimit()
    {
        Assert.Equal(PauseReason.MaxLength, PauseReason.Check(new string('x', PauseReason.MaxLength)).Reason?.Length);
        Assert.Equal((null, "'reason' must be at most 500 characters, not 501"), PauseReason.Check(new string('x', 501)));
    }
}
