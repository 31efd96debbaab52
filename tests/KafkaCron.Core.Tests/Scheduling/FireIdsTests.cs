using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class FireIdsTests
{
    private static readonly DateTimeOffset Instant = new(2026, 11, 27, 3, 0, 0, 123, TimeSpan.Zero);

    [Fact]
    public void NewVersion7_IsAnRfc9562Version7IdCarryingTheInstantsMilliseconds()
    {
        var id = FireIds.NewVersion7(Instant.AddTicks(4_567));

        Assert.Equal(7, id.Version);
        Assert.Equal(0b1000, id.Variant & 0b1100);
        // The first 48 bits, big-endian, are the Unix milliseconds, as in Guid.CreateVersion7.
        var text = id.ToString("N");
        Assert.Equal(Instant.ToUnixTimeMilliseconds(), Convert.ToInt64(text[..12], 16));
        Assert.Equal(Guid.CreateVersion7(Instant).ToString("N")[..12], text[..12]);
    }

    [Fact]
    public void NewVersion7_ManyIdsOfOneInstantAcrossBufferRefills_AreAllDistinct()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => FireIds.NewVersion7(Instant)).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void NewVersion7_LaterInstant_SortsAfterAsText()
    {
        var earlier = FireIds.NewVersion7(Instant);
        var later = FireIds.NewVersion7(Instant.AddMilliseconds(1));

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
    }

    [Fact]
    public void NewVersion7_InstantBeforeTheUnixEpoch_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FireIds.NewVersion7(DateTimeOffset.UnixEpoch.AddMilliseconds(-1)));
    }
}
