using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Tests.Jobs;

public sealed class DurationFormatTests
{
    [Theory]
    [InlineData("500ms", 0, 0, 0, 500)]
    [InlineData("90s", 0, 0, 90, 0)]
    [InlineData("10m", 0, 10, 0, 0)]
    [InlineData("1h30m", 1, 30, 0, 0)]
    [InlineData("1.5h", 1, 30, 0, 0)]
    [InlineData("2d", 48, 0, 0, 0)]
    [InlineData("1h1m1s1ms", 1, 1, 1, 1)]
    [InlineData("0", 0, 0, 0, 0)]
    [InlineData("0s", 0, 0, 0, 0)]
    [InlineData(" 10s ", 0, 0, 10, 0)]
    [InlineData("PT5M", 0, 5, 0, 0)]
    [InlineData("pt5m", 0, 5, 0, 0)]
    [InlineData("PT1H30M", 1, 30, 0, 0)]
    [InlineData("P1DT2H", 26, 0, 0, 0)]
    [InlineData("P1W", 168, 0, 0, 0)]
    [InlineData("PT0.5S", 0, 0, 0, 500)]
    [InlineData("PT1,5S", 0, 0, 1, 500)]
    public void TryParse_ValidDuration_ReturnsIt(string text, int hours, int minutes, int seconds, int milliseconds)
    {
        Assert.True(DurationFormat.TryParse(text, out var duration, out var error), error);
        Assert.Equal(new TimeSpan(0, hours, minutes, seconds, milliseconds), duration);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("   ", "required")]
    [InlineData(null, "required")]
    [InlineData("10", "not a duration")]
    [InlineData("10x", "not a duration")]
    [InlineData("1h 30m", "not a duration")]
    [InlineData("10 minutes", "not a duration")]
    [InlineData("-5m", "negative")]
    [InlineData("P1Y", "years or months")]
    [InlineData("P2M", "years or months")]
    [InlineData("P", "not an ISO 8601 duration")]
    [InlineData("PT", "not an ISO 8601 duration")]
    [InlineData("P1DT", "not an ISO 8601 duration")]
    [InlineData("PT5X", "not an ISO 8601 duration")]
    [InlineData("99999999999999999999d", "too long")]
    [InlineData("30000000d", "too long")]
    [InlineData("10s\n", null)]
    public void TryParse_InvalidDuration_SaysWhy(string? text, string? expected)
    {
        if (expected is null)
        {
            // Surrounding whitespace, a trailing newline included, is not part of the value.
            Assert.True(DurationFormat.TryParse(text, out _, out _));
            return;
        }

        Assert.False(DurationFormat.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, "0")]
    [InlineData(0, 0, 0, 500, "500ms")]
    [InlineData(0, 1, 1800, 0, "1h30m")]
    [InlineData(2, 0, 0, 0, "2d")]
    [InlineData(0, 0, 90, 0, "1m30s")]
    public void Format_Duration_IsShortestGoLikeSpelling(int days, int hours, int seconds, int milliseconds, string expected)
    {
        var duration = new TimeSpan(days, hours, 0, seconds, milliseconds);

        var text = DurationFormat.Format(duration);

        Assert.Equal(expected, text);
        Assert.True(DurationFormat.TryParse(text, out var back, out _));
        Assert.Equal(duration, back);
    }
}
