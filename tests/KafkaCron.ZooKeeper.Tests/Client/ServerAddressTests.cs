using KafkaCron.ZooKeeper.Client;

namespace KafkaCron.ZooKeeper.Tests.Client;

public sealed class ServerAddressTests
{
    [Fact]
    public void ParseList_HostsWithAndWithoutPorts_UsesDefaultPort()
    {
        var servers = ServerAddress.ParseList(" zk1:2182, zk2 ,[::1]:2183,zk1:2182");

        Assert.Equal([new("zk1", 2182), new("zk2", 2181), new("::1", 2183)], servers);
        Assert.Equal("[::1]:2183", servers[2].ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("zk1:2181/kcron", "chroot")]
    [InlineData("zk1:99999", "not a TCP port")]
    [InlineData("zk1:abc", "not a TCP port")]
    [InlineData(":2181", "no host")]
    [InlineData("[::1", "no closing")]
    public void ParseList_Invalid_ThrowsNamingTheProblem(string connectionString, string problem)
    {
        var failure = Assert.Throws<FormatException>(() => ServerAddress.ParseList(connectionString));

        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
    }
}
