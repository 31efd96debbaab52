using System.Text;
using KafkaCron.Worker.Execution;

namespace KafkaCron.Worker.Tests.Execution;

public sealed class OutputTailTests
{
    [Fact]
    public void Append_LessThanCapacity_KeepsEverything()
    {
        var tail = new OutputTail(8);
        tail.Append("abc"u8);
        tail.Append("de"u8);

        Assert.Equal("abcde", tail.ToString());
        Assert.False(tail.Truncated);
        Assert.Equal(5, tail.TotalBytes);
    }

    [Fact]
    public void Append_WrapsAround_KeepsTheLastBytesInOrder()
    {
        var tail = new OutputTail(4);
        tail.Append("abc"u8);
        tail.Append("def"u8);

        Assert.Equal("cdef", tail.ToString());
        Assert.True(tail.Truncated);
        Assert.Equal(6, tail.TotalBytes);
    }

    [Fact]
    public void Append_ChunkLargerThanCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(3);
        tail.Append("xy"u8);
        tail.Append("0123456789"u8);

        Assert.Equal("789", tail.ToString());
    }

    [Fact]
    public void Append_ExactlyCapacityThenMore_StaysConsistent()
    {
        var tail = new OutputTail(4);
        tail.Append("abcd"u8);
        tail.Append("e"u8);

        Assert.Equal("bcde", tail.ToString());
    }

    [Fact]
    public void ToString_TruncatedInsideAMultiByteCharacter_DropsThePartialCharacter()
    {
        var tail = new OutputTail(4);
        // "é" is two bytes; keeping the last four of "aé€" cuts into "é" would leave a lone continuation byte.
        tail.Append(Encoding.UTF8.GetBytes("aé€"));

        Assert.Equal("€", tail.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(99)]
    public void Append_RandomChunks_EqualsTheEndOfEverythingWritten(int seed)
    {
        var random = new Random(seed);
        var tail = new OutputTail(64);
        var all = new List<byte>();
        for (var i = 0; i < 500; i++)
        {
            var chunk = new byte[random.Next(0, 150)];
            random.NextBytes(chunk);
            tail.Append(chunk);
            all.AddRange(chunk);

            var expected = all.Skip(Math.Max(0, all.Count - 64)).ToArray();
            Assert.Equal(expected, tail.ToArray());
        }
    }
}
