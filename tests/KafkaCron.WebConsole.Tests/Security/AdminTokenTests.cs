using KafkaCron.WebConsole.Security;
using KafkaCron.WebConsole.Tests.Infrastructure;

namespace KafkaCron.WebConsole.Tests.Security;

public sealed class AdminTokenTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void TryRead_TokenFile_MatchesOnlyItsFirstLine()
    {
        var path = _files.Write("token2", "  " + TestFiles.Token + "  \nsecond line\n");

        Assert.True(AdminToken.TryRead(path, out var token, out _));
        Assert.True(token.Matches(TestFiles.Token));
        Assert.False(token.Matches(TestFiles.Token + "x"));
        Assert.False(token.Matches("second line"));
        Assert.False(token.Matches(null));
    }

    [Fact]
    public void TryRead_ShortToken_RefusedWithAdvice()
    {
        var path = _files.Write("short", "secret\n");

        Assert.False(AdminToken.TryRead(path, out _, out var error));
        Assert.Contains("has 6 characters; use at least 16", error, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_MissingFile_NamesIt()
    {
        Assert.False(AdminToken.TryRead("/nonexistent/token", out _, out var error));
        Assert.Equal("/nonexistent/token: no such file", error);
    }
}
