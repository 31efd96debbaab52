using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class TimeZonesTests
{
    [Theory]
    [InlineData("UTC", "UTC")]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("America/New_York", "America/New_York")]
    [InlineData("Asia/Kolkata", "Asia/Kolkata")]
    public void TryFind_IanaId_FindsTheZone(string id, string expected)
    {
        Assert.True(TimeZones.TryFind(id, out var zone, out var error), error);
        Assert.Equal(expected, zone.Id);
    }

    [Theory]
    [InlineData("Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    [InlineData("Europe/Berln", "did you mean 'Europe/Berlin'?")]
    [InlineData("", "empty")]
    [InlineData(" ", "empty")]
    [InlineData(null, "empty")]
    [InlineData("../../../etc/passwd", "unknown time zone")]
    [InlineData("+02:00", "unknown time zone")]
    [InlineData("W. Europe Standard Time", "use the IANA id 'Europe/Berlin'")]
    public void TryFind_NotAnIanaId_SaysWhy(string? id, string expected)
    {
        Assert.False(TimeZones.TryFind(id, out var zone, out var error));

        Assert.Null(zone);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
