using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Tests.Jobs;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("nightly-backup")]
    [InlineData("0day")]
    [InlineData("cluster-a1")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij123")]
    public void IsValid_DnsLabel_IsTrue(string name) => Assert.True(NameRules.IsValid(name));

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("Nightly")]
    [InlineData("a_b")]
    [InlineData("a.b")]
    [InlineData("a b")]
    [InlineData("a\n")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij1234")]
    public void IsValid_NotADnsLabel_IsFalse(string? name) => Assert.False(NameRules.IsValid(name));
}
