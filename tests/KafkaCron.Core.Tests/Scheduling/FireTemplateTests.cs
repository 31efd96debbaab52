using System.Text;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Core.Tests.Scheduling;

public sealed class FireTemplateTests
{
    private static readonly DateTimeOffset Instant = new(2026, 11, 27, 3, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> JobNames => [.. VariedJobs().Keys];

    [Theory]
    [MemberData(nameof(JobNames))]
    public void Encode_VariedJobsInstantsIdsAndEpochs_IsByteIdenticalToTheCodec(string name)
    {
        var job = VariedJobs()[name];
        var template = FireTemplate.For(job);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));

        for (var i = 0; i < 500; i++)
        {
            var scheduledAt = RandomInstant(random);
            var publishedAt = scheduledAt + TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.TicksPerMinute));
            var fireId = Guid.CreateVersion7(publishedAt);
            long? epoch = (i % 5) switch
            {
                0 => null,
                1 => 0,
                2 => long.MaxValue,
                3 => long.MinValue,
                _ => random.NextInt64(1, 1_000_000),
            };

            AssertSameBytes(job, scheduledAt, publishedAt, fireId, epoch, template);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    [InlineData(1_234_500)]
    [InlineData(9_999_999)]
    public void Encode_FractionWithTrailingZeros_TrimsThemAsTheCodecDoes(long subSecondTicks)
    {
        var job = VariedJobs()["minimal"];
        var instant = Instant.AddTicks(subSecondTicks);

        AssertSameBytes(job, instant, instant, Guid.CreateVersion7(instant), epoch: 3, FireTemplate.For(job));
    }

    [Fact]
    public void Encode_InstantsWithAnOffset_AreWrittenInUtcAsTheFactoryDoes()
    {
        var job = VariedJobs()["minimal"];
        var berlin = new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(2)).AddTicks(42);

        AssertSameBytes(job, berlin, berlin.AddMilliseconds(5), Guid.CreateVersion7(berlin), epoch: null, FireTemplate.For(job));
    }

    [Fact]
    public void Encode_TemplatesBuiltTogether_ShareOneShapeForJobsThatDifferOnlyInTheirNames()
    {
        var parts = new FireTemplateParts();
        var jobs = VariedJobs().Values.Concat(Enumerable.Range(0, 20).Select(i => VariedJobs()["full"] with { Name = $"full-{i}" })).ToList();

        var templates = jobs.Select(job => FireTemplate.For(job, parts)).ToList();

        // "full" and its twenty namesakes are one shape; every other varied job is its own.
        Assert.Equal(VariedJobs().Count, parts.ShapeCount);
        for (var i = 0; i < jobs.Count; i++)
        {
            AssertSameBytes(jobs[i], Instant.AddTicks(i), Instant.AddMilliseconds(i), Guid.CreateVersion7(Instant), i % 2 == 0 ? null : i, templates[i]);
        }
    }

    [Fact]
    public void Encode_NamesThatJsonEscapes_KeepTheirOwnShape()
    {
        var parts = new FireTemplateParts();
        var jobs = new[] { "a+b", "a&b", "ü-1", "ü-2" }.Select(name => VariedJobs()["minimal"] with { Name = name }).ToList();

        var templates = jobs.Select(job => FireTemplate.For(job, parts)).ToList();

        Assert.Equal(jobs.Count, parts.ShapeCount);
        for (var i = 0; i < jobs.Count; i++)
        {
            AssertSameBytes(jobs[i], Instant, Instant, Guid.CreateVersion7(Instant), epoch: 7, templates[i]);
        }
    }

    [Fact]
    public void Encode_MessageDecodes_WithTheValuesItWasGiven()
    {
        var job = VariedJobs()["args-unicode"];
        var fireId = Guid.CreateVersion7(Instant);

        var decoded = FireMessageCodec.Decode(FireTemplate.For(job).Encode(Instant, Instant.AddMilliseconds(3), fireId, 12), job.Cluster);

        Assert.True(decoded.IsSuccess, decoded.Error);
        Assert.Equal((fireId.ToString(), Instant, Instant.AddMilliseconds(3), 12L), (decoded.Fire.FireId, decoded.Fire.ScheduledAt, decoded.Fire.PublishedAt, decoded.Fire.Epoch!.Value));
        Assert.Equal(job.Args, decoded.Fire.Args);
    }

    [Fact]
    public void Key_IsTheJobNameInUtf8()
    {
        var job = VariedJobs()["unicode-name"];

        Assert.Equal(Encoding.UTF8.GetBytes(job.Name), FireTemplate.For(job).Key);
    }

    private static void AssertSameBytes(JobDefinition job, DateTimeOffset scheduledAt, DateTimeOffset publishedAt, Guid fireId, long? epoch, FireTemplate template)
    {
        var expected = FireMessageCodec.Encode(FireMessageFactory.Create(job, scheduledAt, publishedAt, fireId.ToString(), epoch));

        var actual = template.Encode(scheduledAt, publishedAt, fireId, epoch);

        Assert.True(expected.AsSpan().SequenceEqual(actual),
            $"{job.Name}, epoch {epoch?.ToString() ?? "null"}:\nexpected {Encoding.UTF8.GetString(expected)}\nactual   {Encoding.UTF8.GetString(actual)}");
    }

    private static DateTimeOffset RandomInstant(Random random)
    {
        var ticks = random.NextInt64(new DateTime(2000, 1, 1).Ticks, new DateTime(2100, 1, 1).Ticks);
        // Whole seconds and round fractions are what schedules produce; any tick is what clocks produce.
        ticks -= (random.Next(4)) switch
        {
            0 => ticks % TimeSpan.TicksPerSecond,
            1 => ticks % TimeSpan.TicksPerMillisecond,
            2 => ticks % 100,
            _ => 0,
        };
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, (14 * 60) + 1)));
    }

    /// <summary>Jobs whose fires exercise every part of the message: nulls left out, escaping, unicode, env and args.</summary>
    private static Dictionary<string, JobDefinition> VariedJobs()
    {
        var minimal = new JobDefinition { Name = "minimal", Schedule = "* * * * *", Cluster = "cluster-a", Command = "true" };
        return new Dictionary<string, JobDefinition>(StringComparer.Ordinal)
        {
            ["minimal"] = minimal,
            ["no-retries"] = minimal with { Retry = new RetryPolicy { MaxAttempts = 1 } },
            ["full"] = minimal with
            {
                Name = "full",
                Command = "pg_dump app | gzip > /backup/app.sql.gz && echo \"done\" \\ 'ok'",
                Env = new Dictionary<string, string> { ["PGHOST"] = "db", ["EMPTY"] = string.Empty },
                WorkingDirectory = "/var/tmp",
                Timeout = TimeSpan.FromMilliseconds(1500.5),
                ConcurrencyPolicy = ConcurrencyPolicy.Forbid,
                Retry = new RetryPolicy { MaxAttempts = 4, InitialDelay = TimeSpan.FromSeconds(1.25), Multiplier = 1.5, MaxDelay = TimeSpan.FromHours(1), Jitter = 0.3 },
            },
            ["args-unicode"] = minimal with
            {
                Name = "args",
                Command = null,
                Args = ["/usr/bin/printf", "%s\n", "Grüße, 世界 🚀", "tab\there", "ctl\u0001\u001f", "<script>&'\"", "\u2028\u2029"],
                ConcurrencyPolicy = ConcurrencyPolicy.Replace,
            },
            ["unicode-name"] = minimal with { Name = "ジョブ-ünicode", Cluster = "клáster" },
            ["escaped-name"] = minimal with { Name = "<a>&'b'+\"c\"\\", Cluster = "cluster-b" },
            ["dotted-name"] = minimal with { Name = "nightly.backup_db-2", Cluster = "cluster-b" },
            // Text that looks like the template's own placeholders and the fields it fills in.
            ["lookalikes"] = minimal with
            {
                Name = "lookalikes",
                Command = "echo aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa 1111-11-11T11:11:11.1111111+00:00 5555555555555555555",
                Env = new Dictionary<string, string>
                {
                    ["fireId"] = "bbbbbbbb-bbbb-bbbb-bbbb-bbbbbbbbbbbb",
                    ["scheduledAt"] = "2222-12-22T22:22:22.2222222+00:00",
                    ["epoch"] = ",\"epoch\":6666666666666666666",
                },
                WorkingDirectory = "/srv/\"epoch\":1",
            },
        };
    }
}
