namespace KafkaCron.Integration.Tests.Cli;

public sealed class ValidateCommandTests
{
    [Fact]
    public void Validate_ExampleJobFile_ExitsZeroWithASummaryLine()
    {
        var path = Kcron.Example("jobs.yaml");

        var run = Kcron.Run("validate", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{path}: 7 jobs, 2 clusters, valid\n", run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Validate_InvalidExample_ReportsEveryProblemAtOnceWithLineAndColumn()
    {
        var path = Kcron.Example("invalid-jobs.yaml");

        var run = Kcron.Run("validate", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal(
            [
                $"{path}:5:25: defaults.retry.maxAttempts: must be at least 1, found 0",
                $"{path}:5:36: defaults.retry.jitter: must be between 0 and 1, found 1.5",
                $"{path}:8:15: schedule: '0 3 * *' has 4 field(s); expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)",
                $"{path}:11:11: duplicate job name 'report' (first used on line 7)",
                $"{path}:12:15: schedule: @every: '10x' is not a duration: use a number with a unit ms, s, m, h or d (500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M)",
                $"{path}:13:14: cluster: unknown cluster 'cluster-c' (did you mean 'cluster-a'?); declared clusters: cluster-a, cluster-b",
                $"{path}:15:5: job 'report' sets both 'command' and 'args'; set exactly one ('command' runs through /bin/sh -c, 'args' runs a program without a shell)",
                $"{path}:16:5: job 'Bad_Name' has neither 'command' nor 'args'; set exactly one",
                $"{path}:16:11: name: 'Bad_Name' is not a valid name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters",
                $"{path}:18:5: unknown key 'timezone' in a job (did you mean 'timeZone'?); allowed keys: name, schedule, timeZone, cluster, command, args, timeout, env, workingDirectory, suspend, retry, concurrencyPolicy, misfirePolicy, catchUpWindow",
                $"{path}:20:14: timeout: '10 minutes' is not a duration: use a number with a unit ms, s, m, h or d (500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M)",
                $"{path}:21:24: concurrencyPolicy: 'sometimes' is not one of allow, forbid, replace",
                $"{path}:24:15: timeZone: unknown time zone 'Mars/Olympus'; use an IANA id such as UTC or Europe/Berlin",
            ],
            run.ErrorLines);
    }

    [Fact]
    public void Validate_ClusterFromTheCommandLine_CountsAsDeclared()
    {
        using var file = new TemporaryJobFile("""
            jobs:
              - { name: a, schedule: "@hourly", cluster: from-config, command: "true" }
            """);

        var run = Kcron.Run("validate", file.Path, "--cluster", "from-config", "--cluster", "other");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"{file.Path}: 1 jobs, 2 clusters, valid\n", run.Output);
    }

    [Fact]
    public void Validate_UndeclaredCluster_ExitsTwoListingTheDeclaredOnes()
    {
        using var file = new TemporaryJobFile("""
            jobs:
              - { name: a, schedule: "@hourly", cluster: from-config, command: "true" }
            """);

        var run = Kcron.Run("validate", file.Path, "--cluster", "other");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{file.Path}:2:46: cluster: unknown cluster 'from-config'; declared clusters: other"], run.ErrorLines);
    }

    [Fact]
    public void Validate_YamlSyntaxError_ExitsTwoWithItsPosition()
    {
        using var file = new TemporaryJobFile("jobs:\n  - name: a\n    schedule: \"@daily\n");

        var run = Kcron.Run("validate", file.Path);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith($"{file.Path}:3:15: YAML syntax error: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyFile_ExitsTwo()
    {
        using var file = new TemporaryJobFile(string.Empty);

        var run = Kcron.Run("validate", file.Path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{file.Path}:1:1: the file is empty; expected a mapping with a 'jobs' list (see docs/job-file.md)"], run.ErrorLines);
    }

    [Fact]
    public void Validate_MissingFile_ExitsTwoNamingIt()
    {
        var run = Kcron.Run("validate", "/nonexistent/jobs.yaml");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["/nonexistent/jobs.yaml: no such job file"], run.ErrorLines);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Validate_Directory_ExitsTwoNamingIt()
    {
        using var file = new TemporaryJobFile("jobs: []");

        var run = Kcron.Run("validate", file.Folder);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{file.Folder}: is a directory, not a job file"], run.ErrorLines);
    }

    [Fact]
    public void Validate_NoFile_ExitsTwoWithUsage()
    {
        var run = Kcron.Run("validate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kcron validate: Required argument missing", run.Error, StringComparison.Ordinal);
        Assert.Contains("Run 'kcron validate --help' for usage.", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidClusterName_ExitsTwoNamingTheOption()
    {
        var run = Kcron.Run("validate", Kcron.Example("jobs.yaml"), "--cluster", "Bad_Name");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["--cluster: 'Bad_Name' is not a valid cluster name: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters"], run.ErrorLines);
    }

    [Fact]
    public void Validate_UnknownOption_ExitsTwo()
    {
        var run = Kcron.Run("validate", Kcron.Example("jobs.yaml"), "--strict");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("kcron validate: unrecognized argument '--strict'", run.Error, StringComparison.Ordinal);
    }
}
