using System.CommandLine;
using KafkaCron.Cli.Commands;

namespace KafkaCron.Integration.Tests.Cli;

public sealed class NextCommandTests
{
    private const string JobFile = """
        clusters: [cluster-a, cluster-b]
        jobs:
          - name: berlin-night
            schedule: "30 2 * * *"
            timeZone: Europe/Berlin
            cluster: cluster-a
            command: "true"
          - name: every-ten-hours
            schedule: "@every 10h"
            cluster: cluster-b
            args: [/bin/true]
          - name: paused
            schedule: "@hourly"
            cluster: cluster-b
            command: "true"
            suspend: true
        """;

    [Fact]
    public void Next_ExpressionInAZoneAcrossSpringForward_PrintsInstantsWithTheZonesOffset()
    {
        var run = Kcron.Run("next", "--expr", "30 2 * * *", "--tz", "Europe/Berlin", "--from", "2026-03-28T00:00:00Z", "--count", "3");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("2026-03-28T02:30:00+01:00\n2026-03-29T03:00:00+02:00\n2026-03-30T02:30:00+02:00\n", run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Next_FromAnOccurrence_StartsStrictlyAfterIt()
    {
        var run = Kcron.Run("next", "--expr", "0 3 * * *", "--from", "2026-01-01T03:00:00+00:00");

        Assert.Equal(["2026-01-02T03:00:00+00:00"], run.OutputLines);
    }

    [Fact]
    public void Next_WithSeconds_ReadsSixFields()
    {
        var run = Kcron.Run("next", "--expr", "*/20 * * * * *", "--seconds", "--from", "2026-01-01T00:00:00Z", "--count", "2");

        Assert.Equal(["2026-01-01T00:00:20+00:00", "2026-01-01T00:00:40+00:00"], run.OutputLines);
    }

    [Theory]
    [InlineData("@every 90s", "2026-01-01T00:01:30+00:00")]
    [InlineData("@daily", "2026-01-02T00:00:00+00:00")]
    [InlineData("@hourly", "2026-01-01T01:00:00+00:00")]
    public void Next_ExpressionStartingWithAt_IsAScheduleNotAResponseFile(string expression, string expected)
    {
        var run = Kcron.Run("next", "--expr", expression, "--from", "2026-01-01T00:00:00Z");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal([expected], run.OutputLines);
    }

    [Fact]
    public void Next_WithoutFrom_StartsFromTheClock()
    {
        var clock = new FixedClock(new DateTimeOffset(2026, 7, 1, 12, 34, 56, TimeSpan.Zero));
        var root = new RootCommand { NextCommand.Create(clock) };

        var run = Kcron.Run(root, "next", "--expr", "@hourly", "--count", "2");

        Assert.Equal(["2026-07-01T13:00:00+00:00", "2026-07-01T14:00:00+00:00"], run.OutputLines);
    }

    [Fact]
    public void Next_JobFile_PrintsJobTabInstantForEveryActiveJobOrderedByInstant()
    {
        using var file = new TemporaryJobFile(JobFile);

        var run = Kcron.Run("next", file.Path, "--from", "2026-03-28T00:00:00Z", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            [
                "berlin-night\t2026-03-28T02:30:00+01:00",
                "every-ten-hours\t2026-03-28T10:00:00+00:00",
                "every-ten-hours\t2026-03-28T20:00:00+00:00",
                "berlin-night\t2026-03-29T03:00:00+02:00",
            ],
            run.OutputLines);
        Assert.Equal(["paused is suspended: not listed"], run.ErrorLines);
    }

    [Fact]
    public void Next_JobFileWithJob_PrintsThatJobsInstantsOnly()
    {
        using var file = new TemporaryJobFile(JobFile);

        var run = Kcron.Run("next", file.Path, "--job", "berlin-night", "--from", "2026-10-24T12:00:00Z", "--count", "2");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"], run.OutputLines);
    }

    [Fact]
    public void Next_SuspendedJob_PrintsItsInstantsWithANote()
    {
        using var file = new TemporaryJobFile(JobFile);

        var run = Kcron.Run("next", file.Path, "--job", "paused", "--from", "2026-01-01T00:00:00Z");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["2026-01-01T01:00:00+00:00"], run.OutputLines);
        Assert.Equal(["paused is suspended: it fires at none of these instants until 'suspend' is false"], run.ErrorLines);
    }

    [Fact]
    public void Next_InvalidJobFile_ExitsTwoWithItsProblems()
    {
        var path = Kcron.Example("invalid-jobs.yaml");

        var run = Kcron.Run("next", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal(13, run.ErrorLines.Length);
        Assert.All(run.ErrorLines, line => Assert.StartsWith(path + ":", line, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "--expr", "0 3 * * *", "--count", "abc" }, "kcron next: Cannot parse argument 'abc' for option '--count'")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--count", "0" }, "kcron next: --count must be between 1 and 10000, found 0")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--count", "10001" }, "kcron next: --count must be between 1 and 10000, found 10001")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--from", "2026-01-01" }, "--from: '2026-01-01' is not an ISO 8601 instant with an offset")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--from", "2026-01-01T00:00:00" }, "--from: '2026-01-01T00:00:00' is not an ISO 8601 instant with an offset")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--tz", "Mars/Olympus" }, "--tz: unknown time zone 'Mars/Olympus'")]
    [InlineData(new[] { "--expr", "0 3 * *" }, "--expr: '0 3 * *' has 4 field(s)")]
    [InlineData(new[] { "--expr", "0 0 3 * * *" }, "--expr: '0 0 3 * * *' has 6 fields")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--seconds" }, "--expr: '0 3 * * *' has 5 field(s); expected 6")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--job", "x" }, "kcron next: --job and --cluster go with a job FILE")]
    [InlineData(new string[0], "kcron next: give either --expr EXPRESSION or a job FILE")]
    [InlineData(new[] { "--expr", "0 3 * * *", "--bogus" }, "kcron next: unrecognized argument '--bogus'")]
    [InlineData(new[] { "--bogus" }, "kcron next: unrecognized argument '--bogus'")]
    [InlineData(new[] { "/nonexistent/jobs.yaml" }, "/nonexistent/jobs.yaml: no such job file")]
    public void Next_BadArguments_ExitTwoNamingTheArgument(string[] args, string expected)
    {
        var run = Kcron.Run(["next", .. args]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.StartsWith(expected, run.ErrorLines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Next_FileAndExpressionOptions_ExitTwo()
    {
        using var file = new TemporaryJobFile(JobFile);

        var both = Kcron.Run("next", file.Path, "--expr", "@daily");
        var zone = Kcron.Run("next", file.Path, "--tz", "UTC");
        var unknownJob = Kcron.Run("next", file.Path, "--job", "nope");

        Assert.Equal((2, "kcron next: give either --expr or a job FILE, not both\n"), (both.ExitCode, both.Error));
        Assert.Equal((2, "kcron next: --seconds and --tz go with --expr; in a job file each job has its own timeZone\n"), (zone.ExitCode, zone.Error));
        Assert.Equal(
            (2, $"--job: {file.Path} has no job named 'nope'; its jobs: berlin-night, every-ten-hours, paused\n"),
            (unknownJob.ExitCode, unknownJob.Error));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
