using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Tests.Jobs;

/// <summary>Broken text of every kind must come back as problems, never as an exception.</summary>
public sealed class JobFileParserFuzzTests
{
    private const string Valid = """
        clusters: [cluster-a, cluster-b]
        defaults:
          timeZone: Europe/Berlin
          timeout: 10m
          retry: { maxAttempts: 3, initialDelay: 10s, multiplier: 2, maxDelay: 5m, jitter: 0.1 }
          env: &common { A: "1", B: two }
        jobs:
          - name: nightly-backup
            schedule: "0 3 * * *"
            cluster: cluster-a
            command: "pg_dump db | gzip > /tmp/db.gz"
            env: *common
            workingDirectory: /var/tmp
            retry:
              maxAttempts: 5
              maxDelay: 10m
            concurrencyPolicy: forbid
            misfirePolicy: fireAll
            catchUpWindow: 2h
          - name: ping
            schedule: '@every 90s'
            cluster: cluster-b
            args:
              - /usr/bin/curl
              - -fsS
            suspend: true
          - { name: tick, schedule: "*/5 * * * * *", cluster: cluster-a, args: [/bin/echo, tick] }
        """;

    private static readonly char[] Troublemakers =
        [':', '-', '[', ']', '{', '}', '"', '\'', '&', '*', '!', '|', '>', '#', '%', '@', '`', ',', '?', '\t', '\n', ' ', '\0', '\uFEFF', 'x'];

    [Fact]
    public void Parse_TheValidFile_IsValid() =>
        Assert.True(JobFileParser.Parse(Valid, "f.yaml", []).IsValid);

    [Fact]
    public void Parse_EveryTruncation_ReturnsAResultWithoutThrowing()
    {
        for (var length = 0; length < Valid.Length; length++)
        {
            AssertConsistent(Valid[..length]);
        }
    }

    [Fact]
    public void Parse_TruncationInsideAJob_ReportsProblems()
    {
        // Cut right after "schedule:" of the second job: the job has no cluster and no command any more.
        var cut = Valid.IndexOf("schedule: '@every", StringComparison.Ordinal) + "schedule:".Length;

        var result = JobFileParser.Parse(Valid[..cut], "f.yaml", []);

        Assert.False(result.IsValid);
        Assert.NotEmpty(result.Problems);
    }

    [Fact]
    public void Parse_RandomMutations_ReturnAResultWithoutThrowing()
    {
        var random = new Random(1729);
        for (var i = 0; i < 3000; i++)
        {
            var text = Valid.ToCharArray();
            var edits = random.Next(1, 6);
            for (var e = 0; e < edits; e++)
            {
                text[random.Next(text.Length)] = Troublemakers[random.Next(Troublemakers.Length)];
            }

            AssertConsistent(new string(text));
        }
    }

    [Theory]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[")]
    [InlineData("a: &a [*a]")]
    [InlineData("? [complex, key]\n: value\njobs: []")]
    [InlineData("jobs: !!binary aGVsbG8=")]
    [InlineData("%YAML 1.2\n---\njobs: []")]
    [InlineData("%BOGUS directive\n---\njobs: []")]
    [InlineData("\uFEFFjobs: []")]
    [InlineData("jobs: []\n...\n")]
    [InlineData("\0")]
    [InlineData("jobs:\n  - <<: *x\n")]
    public void Parse_OddYaml_ReturnsAResultWithoutThrowing(string yaml) => AssertConsistent(yaml);

    [Fact]
    public void Parse_DeepNesting_ReturnsAResultWithoutThrowing() =>
        AssertConsistent("jobs: " + new string('[', 10_000) + new string(']', 10_000));

    [Fact]
    public void Parse_HugeKey_ShortensItInTheMessage()
    {
        var result = JobFileParser.Parse("jobs: []\n" + new string('k', 100_000) + ": 1\n", "f.yaml", []);

        var problem = Assert.Single(result.Problems);
        Assert.True(problem.Message.Length < 400, problem.Message);
    }

    private static void AssertConsistent(string yaml)
    {
        var result = JobFileParser.Parse(yaml, "f.yaml", ["cluster-a"]);

        Assert.Equal(result.Problems.Count == 0, result.IsValid);
        Assert.Equal(result.IsValid, result.JobFile is not null);
        Assert.All(result.Problems, p =>
        {
            Assert.True(p.Line >= 1 && p.Column >= 1, p.ToString());
            Assert.False(string.IsNullOrWhiteSpace(p.Message));
        });
    }
}
