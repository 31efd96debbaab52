using KafkaCron.ZooKeeper.Client;
using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Tests.Protocol;

public sealed class JuteTests
{
    [Fact]
    public void Writer_Fields_EncodeBigEndianWithLengthPrefix()
    {
        var writer = new JuteWriter();
        writer.WriteInt(1);
        writer.WriteBool(true);
        writer.WriteString("é");
        writer.WriteString(null);

        Assert.Equal(
            new byte[] { 0, 0, 0, 15, 0, 0, 0, 1, 1, 0, 0, 0, 2, 0xC3, 0xA9, 0xFF, 0xFF, 0xFF, 0xFF },
            writer.ToPacket().ToArray());
    }

    [Fact]
    public void Reader_WhatWriterWrote_ReadsBack()
    {
        var writer = new JuteWriter();
        writer.WriteLong(long.MinValue);
        writer.WriteBuffer([1, 2, 3]);
        writer.WriteStringVector(["a", "bc"]);

        var reader = new JuteReader(writer.ToPacket()[4..]);

        Assert.Equal(long.MinValue, reader.ReadLong());
        Assert.Equal([1, 2, 3], reader.ReadBuffer());
        Assert.Equal(["a", "bc"], reader.ReadStringVector());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void Reader_TruncatedPacket_ThrowsInvalidData()
    {
        var reader = new JuteReader(new byte[] { 0, 0, 0, 9, 1 });

        Assert.Throws<InvalidDataException>(() => reader.ReadString());
    }

    [Fact]
    public void MultiCodec_FailedMulti_ThrowsTheCulpritsError()
    {
        var ops = new ZooKeeperOp[] { new ZooKeeperOp.Check("/a", 1), new ZooKeeperOp.Check("/b", 2), new ZooKeeperOp.Check("/c", 3) };
        var writer = new JuteWriter();
        foreach (var code in new[] { ZooKeeperErrorCode.Ok, ZooKeeperErrorCode.BadVersion, ZooKeeperErrorCode.RuntimeInconsistency })
        {
            writer.WriteInt(-1);
            writer.WriteBool(false);
            writer.WriteInt((int)code);
            writer.WriteInt((int)code);
        }

        writer.WriteInt(-1);
        writer.WriteBool(true);
        writer.WriteInt(-1);

        var failure = Assert.Throws<BadVersionException>(() => MultiCodec.Read(new JuteReader(writer.ToPacket()[4..]), ops));
        Assert.Equal("/b", failure.Path);
    }
}
