using System.Text;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Tests.Messages;

public sealed class DecodeFailureReasonsTests
{
    private const string ValidFire =
        """{"schemaVersion":1,"fireId":"f-1","job":"backup","command":"true","attempt":1,"scheduledAt":"2025-01-01T00:00:00Z","publishedAt":"2025-01-01T00:00:00Z"}""";

    [Theory]
    [InlineData("", DecodeFailureReasons.Empty)]
    [InlineData("\u0001\u0002 garbage", DecodeFailureReasons.InvalidJson)]
    [InlineData("""{"schemaVersion":1,"fireId":"f-1","job":""", DecodeFailureReasons.InvalidJson)]
    [InlineData("[1,2]", DecodeFailureReasons.InvalidJson)]
    [InlineData("""{"schemaVersion":99,"fireId":"f-1"}""", DecodeFailureReasons.UnsupportedSchema)]
    [InlineData("""{"schemaVersion":1,"fireId":"f-1","job":"backup","scheduledAt":"2025-01-01T00:00:00Z","publishedAt":"2025-01-01T00:00:00Z"}""", DecodeFailureReasons.InvalidFire)]
    public void Decode_BadInput_NamesTheMachineReadableReason(string value, string reason)
    {
        var result = FireMessageCodec.Decode(Encoding.UTF8.GetBytes(value), "cluster-a");

        Assert.False(result.IsSuccess);
        Assert.Equal(reason, result.Reason);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    [Fact]
    public void Decode_TooLarge_IsRefusedBeforeParsing()
    {
        var value = new byte[FireMessageCodec.MaxMessageBytes + 1];

        var result = FireMessageCodec.Decode(value, "cluster-a");

        Assert.Equal(DecodeFailureReasons.TooLarge, result.Reason);
    }

    [Fact]
    public void Decode_ValidFire_HasNoReason()
    {
        var result = FireMessageCodec.Decode(Encoding.UTF8.GetBytes(ValidFire), "cluster-a");

        Assert.True(result.IsSuccess, result.Error);
        Assert.Null(result.Reason);
        Assert.Equal("cluster-a", result.Fire.Cluster);
    }
}
