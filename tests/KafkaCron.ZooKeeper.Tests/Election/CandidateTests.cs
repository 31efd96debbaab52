using KafkaCron.ZooKeeper.Election;

namespace KafkaCron.ZooKeeper.Tests.Election;

public sealed class CandidateTests
{
    [Fact]
    public void Order_MixedNames_SortsCandidatesBySequenceAndIgnoresOthers()
    {
        var ordered = Candidate.Order(["c-bbb-0000000012", "lock", "c-aaa-0000000003", "c--0000000001", "c-ccc-x", "c-ddd-0000000100"]);

        Assert.Equal(["c-aaa-0000000003", "c-bbb-0000000012", "c-ddd-0000000100"], ordered.Select(c => c.Name));
        Assert.Equal("aaa", ordered[0].Token);
        Assert.Equal(3, ordered[0].Sequence);
    }

    [Fact]
    public void Order_SequencePastTwoToThe31_SortsNumerically()
    {
        var ordered = Candidate.Order(["c-a-2147483648", "c-b-0000000009"]);

        Assert.Equal(["b", "a"], ordered.Select(c => c.Token));
    }
}
