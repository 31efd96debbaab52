using KafkaCron.Core.Deduplication;

namespace KafkaCron.Core.Tests.Deduplication;

public sealed class RecentKeyWindowTests
{
    [Fact]
    public void Add_KeyAlreadyInTheWindow_ReturnsFalseAndKeepsItsPlace()
    {
        var window = new RecentKeyWindow(2);
        window.Add("a");
        window.Add("b");

        Assert.False(window.Add("a"));
        window.Add("c");

        // "a" was not moved to the back by the refused add, so it is the one forgotten.
        Assert.False(window.Contains("a"));
        Assert.True(window.Contains("b"));
        Assert.True(window.Contains("c"));
        Assert.Equal(2, window.Count);
    }
}
