using KafkaCron.Core.Retry;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Tests.Jobs;

public sealed class JobFileParserTests
{
    private const string FullExample = """
        clusters: [cluster-a, cluster-b]
        defaults:
          timeZone: UTC
          timeout: 10m
          retry: { maxAttempts: 3, initialDelay: 10s, multiplier: 2, maxDelay: 5m, jitter: 0.1 }
          concurrencyPolicy: allow
          misfirePolicy: fireOnce
          catchUpWindow: 1h
          env: { SHARED: from-defaults, OVERRIDDEN: from-defaults }
        jobs:
          - name: nightly-backup
            schedule: "0 3 * * *"
            timeZone: Europe/Berlin
            cluster: cluster-a
            command: "pg_dump mydb | gzip > /var/backups/mydb.gz"
            timeout: 30m
            env: { OVERRIDDEN: from-job, PGHOST: db.internal }
            workingDirectory: /var/tmp
            suspend: false
            retry: { maxAttempts: 5, maxDelay: 10m }
            concurrencyPolicy: forbid
            misfirePolicy: fireAll
            catchUpWindow: 2h
          - name: ping
            schedule: "@every 90s"
            cluster: cluster-b
            args: ["/usr/bin/curl", "-fsS", "https://example.invalid/ping"]
        """;

    [Fact]
    public void Parse_FullExample_ReadsEveryKey()
    {
        var result = Parse(FullExample);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        var file = result.JobFile!;
        Assert.Equal(["cluster-a", "cluster-b"], file.Clusters.Select(c => c.Name));
        var backup = file.Jobs[0];
        Assert.Equal("nightly-backup", backup.Name);
        Assert.Equal("0 3 * * *", backup.Schedule);
        Assert.Equal("Europe/Berlin", backup.TimeZone);
        Assert.Equal("cluster-a", backup.Cluster);
        Assert.Equal("pg_dump mydb | gzip > /var/backups/mydb.gz", backup.Command);
        Assert.Null(backup.Args);
        Assert.Equal(TimeSpan.FromMinutes(30), backup.Timeout);
        Assert.Equal(
            new Dictionary<string, string> { ["SHARED"] = "from-defaults", ["OVERRIDDEN"] = "from-job", ["PGHOST"] = "db.internal" },
            backup.Env);
        Assert.Equal("/var/tmp", backup.WorkingDirectory);
        Assert.False(backup.Suspend);
        Assert.Equal(5, backup.Retry.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(10), backup.Retry.InitialDelay);
        Assert.Equal(2.0, backup.Retry.Multiplier);
        Assert.Equal(TimeSpan.FromMinutes(10), backup.Retry.MaxDelay);
        Assert.Equal(0.1, backup.Retry.Jitter);
        Assert.Equal(ConcurrencyPolicy.Forbid, backup.ConcurrencyPolicy);
        Assert.Equal(MisfirePolicy.FireAll, backup.MisfirePolicy);
        Assert.Equal(TimeSpan.FromHours(2), backup.CatchUpWindow);
    }

    [Fact]
    public void Parse_JobWithoutOwnSettings_TakesTheDefaults()
    {
        var ping = Parse(FullExample).JobFile!.Jobs[1];

        Assert.Equal("@every 90s", ping.Schedule);
        Assert.Equal("UTC", ping.TimeZone);
        Assert.Null(ping.Command);
        Assert.Equal(["/usr/bin/curl", "-fsS", "https://example.invalid/ping"], ping.Args);
        Assert.Equal(TimeSpan.FromMinutes(10), ping.Timeout);
        Assert.Equal(new Dictionary<string, string> { ["SHARED"] = "from-defaults", ["OVERRIDDEN"] = "from-defaults" }, ping.Env);
        Assert.Equal(new RetryPolicy { MaxAttempts = 3, InitialDelay = TimeSpan.FromSeconds(10), Multiplier = 2, MaxDelay = TimeSpan.FromMinutes(5), Jitter = 0.1 }, ping.Retry);
        Assert.Equal(ConcurrencyPolicy.Allow, ping.ConcurrencyPolicy);
        Assert.Equal(MisfirePolicy.FireOnce, ping.MisfirePolicy);
        Assert.Equal(TimeSpan.FromHours(1), ping.CatchUpWindow);
    }

    [Fact]
    public void Parse_MinimalJobWithoutDefaults_GetsTheBuiltInDefaults()
    {
        var job = Parse("""
            clusters: [c1]
            jobs:
              - { name: j, schedule: "@daily", cluster: c1, command: "true" }
            """).JobFile!.Jobs.Single();

        Assert.Equal("UTC", job.TimeZone);
        Assert.Null(job.Timeout);
        Assert.Empty(job.Env);
        Assert.Null(job.WorkingDirectory);
        Assert.False(job.Suspend);
        Assert.Equal(RetryPolicy.Default, job.Retry);
        Assert.Equal(ConcurrencyPolicy.Allow, job.ConcurrencyPolicy);
        Assert.Equal(MisfirePolicy.FireOnce, job.MisfirePolicy);
        Assert.Equal(JobDefinition.DefaultCatchUpWindow, job.CatchUpWindow);
    }

    [Fact]
    public void Parse_JobsThatRetryAlike_ShareOnePolicy()
    {
        var jobs = Parse("""
            clusters: [c1]
            defaults:
              retry: { maxAttempts: 4 }
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true" }
              - { name: b, schedule: "@daily", cluster: c1, command: "true" }
              - { name: c, schedule: "@daily", cluster: c1, command: "true", retry: { maxAttempts: 4 } }
              - { name: d, schedule: "@daily", cluster: c1, command: "true", retry: { maxAttempts: 5 } }
              - { name: e, schedule: "@daily", cluster: c1, command: "true", retry: { maxAttempts: 3 } }
            """).JobFile!.Jobs.ToDictionary(job => job.Name);

        Assert.Same(jobs["a"].Retry, jobs["b"].Retry);
        Assert.Same(jobs["a"].Retry, jobs["c"].Retry);
        Assert.Equal(5, jobs["d"].Retry.MaxAttempts);
        Assert.NotSame(jobs["a"].Retry, jobs["d"].Retry);
        Assert.Same(RetryPolicy.Default, jobs["e"].Retry);
    }

    [Fact]
    public void Parse_ClustersFromConfiguration_AreDeclaredToo()
    {
        var result = JobFileParser.Parse(
            """
            clusters: [file-cluster]
            jobs:
              - { name: a, schedule: "@daily", cluster: config-cluster, command: "true" }
              - { name: b, schedule: "@daily", cluster: file-cluster, command: "true" }
            """,
            "jobs.yaml",
            ["config-cluster", "file-cluster"]);

        Assert.True(result.IsValid, string.Join("\n", result.Problems));
        Assert.Equal(["file-cluster", "config-cluster"], result.JobFile!.Clusters.Select(c => c.Name));
    }

    [Fact]
    public void Parse_ClusterUnderDefaults_AppliesToEveryJob()
    {
        var result = Parse("""
            clusters: [c1]
            defaults: { cluster: c1 }
            jobs:
              - { name: a, schedule: "@daily", command: "true" }
            """);

        Assert.Equal("c1", result.JobFile!.Jobs.Single().Cluster);
    }

    [Fact]
    public void Parse_EmptyJobList_IsValid()
    {
        var result = Parse("jobs: []");

        Assert.True(result.IsValid);
        Assert.Empty(result.JobFile!.Jobs);
    }

    [Fact]
    public void Parse_AnchorsAndAliases_ShareValues()
    {
        var result = Parse("""
            clusters: [c1]
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true", env: &common { A: "1" } }
              - { name: b, schedule: "@daily", cluster: c1, command: "true", env: *common }
            """);

        Assert.Equal("1", result.JobFile!.Jobs[1].Env["A"]);
    }

    [Fact]
    public void Parse_CaseOfTimeZoneAndSurroundingSpaces_AreNormalised()
    {
        var job = Parse("""
            clusters: [c1]
            jobs:
              - { name: a, schedule: "  0 3 * * *  ", timeZone: europe/berlin, cluster: c1, command: "true" }
            """).JobFile!.Jobs.Single();

        Assert.Equal("0 3 * * *", job.Schedule);
        Assert.Equal("Europe/Berlin", job.TimeZone);
    }

    [Fact]
    public void Parse_MultiLineCommand_KeepsTheScript()
    {
        var job = Parse("""
            clusters: [c1]
            jobs:
              - name: a
                schedule: "@daily"
                cluster: c1
                command: |
                  echo one
                  echo two
            """).JobFile!.Jobs.Single();

        Assert.Equal("echo one\necho two", job.Command);
    }

    [Fact]
    public void Parse_WindowsLineEndings_CountLinesTheSame()
    {
        var problem = Single("clusters: [c1]\r\njobs:\r\n  - { name: a, schedule: \"@daily\", cluster: c1, command: \"true\", timeout: x }\r\n");

        Assert.StartsWith("jobs.yaml:3:75: timeout: 'x' is not a duration", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_ToString_IsFileLineColumnMessage() =>
        Assert.Equal("jobs.yaml:3:7: bad", new JobFileProblem("jobs.yaml", 3, 7, "bad").ToString());

    // ---- problems: each names the place of the offending node ----
    [Theory]
    [InlineData("", "1:1: the file is empty")]
    [InlineData("# nothing but a comment\n", "1:1: the file is empty")]
    [InlineData("~", "1:1: the file is empty")]
    [InlineData("- a\n- b\n", "1:1: expected a mapping with the keys clusters, defaults, jobs at the top level, found a list")]
    [InlineData("just text", "1:1: expected a mapping with the keys clusters, defaults, jobs at the top level, found 'just text'")]
    [InlineData("clusters: [a]\n", "1:1: missing 'jobs'")]
    [InlineData("jobs: {a: b}\n", "1:7: jobs: expected a list of jobs, found a mapping")]
    [InlineData("jobs:\n", "1:6: jobs: expected a list of jobs, found an empty value")]
    [InlineData("jobs:\n  - just-a-name\n", "2:5: jobs: each job must be a mapping")]
    [InlineData("jobs: []\n---\njobs: []\n", "2:1: a job file holds one YAML document")]
    [InlineData("jobs: [*nowhere]\n", "1:8: YAML alias '*nowhere' refers to no anchor")]
    [InlineData("jobs: []\njbos: []\n", "2:1: unknown key 'jbos' in the top level (did you mean 'jobs'?); allowed keys: clusters, defaults, jobs")]
    [InlineData("jobs: []\njobs: []\n", "2:1: duplicate key 'jobs' in the top level (first set on line 1)")]
    [InlineData("clusters: cluster-a\njobs: []\n", "1:11: clusters: expected a list of cluster names")]
    [InlineData("clusters: [Cluster_A]\njobs: []\n", "1:12: clusters: 'Cluster_A' is not a valid name")]
    [InlineData("clusters: [a, b, a]\njobs: []\n", "1:18: clusters: 'a' is listed twice (first on line 1)")]
    [InlineData("defaults: [a]\njobs: []\n", "1:11: defaults: expected a mapping of job keys, found a list")]
    [InlineData("defaults: { command: x }\njobs: []\n", "1:13: 'command' belongs to each job and cannot be set under defaults")]
    [InlineData("defaults: { timeout: forever }\njobs: []\n", "1:22: defaults.timeout: 'forever' is not a duration")]
    [InlineData("defaults: { cluster: nope }\njobs: []\n", "1:22: defaults.cluster: unknown cluster 'nope'; no clusters are declared")]
    public void Parse_BrokenStructure_ReportsItWhereItIs(string yaml, string expected) =>
        Assert.Contains(expected, Single(yaml), StringComparison.Ordinal);

    [Theory]
    [InlineData("a: [1, 2\nb: 3\n", "YAML syntax error")]
    [InlineData("a: b: c\n", "1:5: YAML syntax error")]
    [InlineData("jobs: \"unterminated\n", "YAML syntax error")]
    [InlineData("jobs:\n  - x\n - y\n", "3:2: YAML syntax error")]
    [InlineData("{", "YAML syntax error")]
    [InlineData("jobs: [\n", "YAML syntax error")]
    public void Parse_YamlSyntaxError_ReportsItsPosition(string yaml, string expected) =>
        Assert.Contains(expected, Single(yaml), StringComparison.Ordinal);

    [Theory]
    [InlineData("schedule: \"0 3 * *\"", "4:15: schedule: '0 3 * *' has 4 field(s); expected 5")]
    [InlineData("schedule: \"61 * * * *\"", "4:15: schedule: invalid cron expression '61 * * * *': Minutes: Value must be a number between 0 and 59")]
    [InlineData("schedule: \"0 0 30 2 *\"", "4:15: schedule: '0 0 30 2 *' never fires")]
    [InlineData("schedule: \"@every 10x\"", "4:15: schedule: @every: '10x' is not a duration")]
    [InlineData("schedule: [a]", "4:15: schedule: expected text, found a list")]
    [InlineData("cluster: cluster-c", "4:14: cluster: unknown cluster 'cluster-c' (did you mean 'cluster-a'?); declared clusters: cluster-a, cluster-b")]
    [InlineData("cluster: Cluster A", "4:14: cluster: 'Cluster A' is not a valid name")]
    [InlineData("name: Nightly_Backup", "4:11: name: 'Nightly_Backup' is not a valid name: lower-case letters")]
    [InlineData("timeZone: Europe/Berln", "4:15: timeZone: unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)")]
    [InlineData("timeZone: W. Europe Standard Time", "4:15: timeZone: 'W. Europe Standard Time' is a Windows time-zone id; use the IANA id 'Europe/Berlin'")]
    [InlineData("timeout: 10 minutes", "4:14: timeout: '10 minutes' is not a duration")]
    [InlineData("timeout: 0s", "4:14: timeout: must be longer than 0")]
    [InlineData("timeout:", "4:13: timeout: expected text, found an empty value")]
    [InlineData("catchUpWindow: P1M", "4:20: catchUpWindow: 'P1M' uses years or months")]
    [InlineData("suspend: yes", "4:14: suspend: expected true or false, found 'yes'")]
    [InlineData("concurrencyPolicy: Forbid", "4:24: concurrencyPolicy: 'Forbid' is not one of allow, forbid, replace (did you mean 'forbid'?)")]
    [InlineData("misfirePolicy: sometimes", "4:20: misfirePolicy: 'sometimes' is not one of fireOnce, fireAll, skip")]
    [InlineData("workingDirectory: tmp", "4:23: workingDirectory: 'tmp' is not an absolute path")]
    [InlineData("env: [A]", "4:10: env: expected a mapping of variable names to values, found a list")]
    [InlineData("env: { 1A: x }", "4:12: env: '1A' is not a variable name")]
    [InlineData("env: { A: [x] }", "4:15: env.A: expected text, found a list")]
    [InlineData("env: { A: }", "4:15: env.A: expected text, found an empty value (write \"\" for an empty value)")]
    [InlineData("env: { A: x, A: y }", "4:18: env: duplicate variable 'A' (first set on line 4)")]
    [InlineData("retry: 3", "4:12: retry: expected a mapping such as { maxAttempts: 3, initialDelay: 10s }, found '3'")]
    [InlineData("retry: { maxAttempts: 0 }", "4:27: retry.maxAttempts: must be at least 1, found 0")]
    [InlineData("retry: { maxAttempts: 2.5 }", "4:27: retry.maxAttempts: expected a whole number, found '2.5'")]
    [InlineData("retry: { multiplier: 0.5 }", "4:26: retry.multiplier: must be at least 1, found 0.5")]
    [InlineData("retry: { multiplier: NaN }", "4:26: retry.multiplier: expected a number, found 'NaN'")]
    [InlineData("retry: { jitter: 1.5 }", "4:22: retry.jitter: must be between 0 and 1, found 1.5")]
    [InlineData("retry: { jitter: -0.1 }", "4:22: retry.jitter: must be between 0 and 1, found -0.1")]
    [InlineData("retry: { initialDelay: 1m, maxDelay: 30s }", "4:42: retry.maxDelay (30s) is shorter than retry.initialDelay (1m)")]
    [InlineData("retry: { initialDelay: 10m }", "4:28: retry.maxDelay (5m, the built-in default) is shorter than retry.initialDelay (10m)")]
    [InlineData("retry: { maxAtempts: 3 }", "4:14: unknown key 'maxAtempts' in retry (did you mean 'maxAttempts'?); allowed keys: maxAttempts, initialDelay, multiplier, maxDelay, jitter")]
    [InlineData("timezone: UTC", "4:5: unknown key 'timezone' in a job (did you mean 'timeZone'?); allowed keys: name, schedule, timeZone, cluster, command, args, timeout, env, workingDirectory, suspend, retry, concurrencyPolicy, misfirePolicy, catchUpWindow")]
    [InlineData("owner: me", "4:5: unknown key 'owner' in a job; allowed keys: name, schedule")]
    [InlineData("cluster: cluster-b\n    cluster: cluster-a", "5:5: duplicate key 'cluster' in a job (first set on line 4)")]
    public void Parse_BadJobValue_ReportsItAtTheValue(string extraLine, string expected)
    {
        // Line 3 starts the job with one required key; the line under test is line 4 and takes the place of the
        // required key it sets, if any; the other required keys follow.
        var required = new List<string> { "name: ok", "schedule: \"@daily\"", "cluster: cluster-a", "command: \"true\"" };
        var key = extraLine.Split(':')[0];
        required.RemoveAll(line => line.StartsWith(key + ":", StringComparison.Ordinal));
        var yaml = $"clusters: [cluster-a, cluster-b]\njobs:\n  - {required[0]}\n    {extraLine}\n"
            + string.Concat(required.Skip(1).Select(line => $"    {line}\n"));

        Assert.Contains(expected, Single(yaml), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RetryDelaysConflictingWithDefaults_BlamesTheJobAndNamesTheDefaultsLine()
    {
        var problem = Single("""
            clusters: [c1]
            defaults:
              retry: { initialDelay: 2m }
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true", retry: { maxDelay: 1m } }
            """);

        Assert.Equal("jobs.yaml:5:85: retry.maxDelay (1m) is shorter than retry.initialDelay (2m, from defaults on line 3)", problem);
    }

    [Fact]
    public void Parse_ConflictCausedByDefaultsAlone_IsReportedOnceAtTheDefaults()
    {
        var problems = Problems("""
            clusters: [c1]
            defaults:
              retry: { initialDelay: 10m }
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true" }
              - { name: b, schedule: "@daily", cluster: c1, command: "true", retry: { maxAttempts: 2 } }
            """);

        Assert.Equal(["jobs.yaml:3:26: defaults.retry.maxDelay (5m, the built-in default) is shorter than defaults.retry.initialDelay (10m)"], problems);
    }

    [Fact]
    public void Parse_JobMissingRequiredKeys_ReportsEachAtTheJob()
    {
        var problems = Problems("""
            clusters: [c1]
            jobs:
              - timeout: 1m
            """);

        Assert.Equal(
            [
                "jobs.yaml:3:5: this job has no 'name'",
                "jobs.yaml:3:5: this job has no 'schedule'",
                "jobs.yaml:3:5: this job has no 'cluster' (set it on the job or under defaults); declared clusters: c1",
                "jobs.yaml:3:5: this job has neither 'command' nor 'args'; set exactly one",
            ],
            problems);
    }

    [Fact]
    public void Parse_NoClusterAnywhere_SaysWhereToDeclareOne()
    {
        var problem = Single("""
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true" }
            """);

        Assert.Equal(
            "jobs.yaml:2:45: cluster: unknown cluster 'c1'; no clusters are declared: list them under 'clusters:' at the top of the file or in the configuration",
            problem);
    }

    [Fact]
    public void Parse_BothCommandAndArgs_PointsAtTheLaterOne()
    {
        var problem = Single("""
            clusters: [c1]
            jobs:
              - name: a
                schedule: "@daily"
                cluster: c1
                args: [/bin/true]
                command: "true"
            """);

        Assert.Equal(
            "jobs.yaml:7:5: job 'a' sets both 'command' and 'args'; set exactly one ('command' runs through /bin/sh -c, 'args' runs a program without a shell)",
            problem);
    }

    [Theory]
    [InlineData("args: []", "6:11: args: is empty; give at least the program to run")]
    [InlineData("args: /bin/true", "6:11: args: expected a list such as")]
    [InlineData("args: [\"\", x]", "6:12: args[0]: the program to run is empty")]
    [InlineData("args: [/bin/echo, [x]]", "6:23: args[1]: expected text, found a list")]
    [InlineData("args: [/bin/echo, ~]", "6:23: args[1]: expected text, found an empty value")]
    [InlineData("command: \"   \"", "6:14: command: must not be empty")]
    [InlineData("command: \"a\\0b\"", "6:14: command: contains a NUL character")]
    public void Parse_BadCommandOrArgs_SaysWhy(string line, string expected)
    {
        var problem = Single($"""
            clusters: [c1]
            jobs:
              - name: a
                schedule: "@daily"
                cluster: c1
                {line}
            """);

        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateJobName_PointsAtTheSecondAndNamesTheFirstLine()
    {
        var problem = Single("""
            clusters: [c1]
            jobs:
              - { name: a, schedule: "@daily", cluster: c1, command: "true" }
              - { name: b, schedule: "@daily", cluster: c1, command: "true" }
              - { name: a, schedule: "@daily", cluster: c1, command: "true" }
            """);

        Assert.Equal("jobs.yaml:5:13: duplicate job name 'a' (first used on line 3)", problem);
    }

    [Fact]
    public void Parse_ScheduleInABadTimeZone_StillChecksTheCron()
    {
        var problems = Problems("""
            clusters: [c1]
            jobs:
              - { name: a, schedule: "0 3 * *", timeZone: Mars/Olympus, cluster: c1, command: "true" }
            """);

        Assert.Equal(2, problems.Length);
        Assert.Contains("3:26: schedule: '0 3 * *' has 4 field(s)", problems[0], StringComparison.Ordinal);
        Assert.Contains("3:47: timeZone: unknown time zone 'Mars/Olympus'", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ManyProblems_ReportsAllAtOnceInFileOrder()
    {
        var result = Parse("""
            clusters: [cluster-a]
            defaults:
              retry: { jitter: 2 }
            jobs:
              - name: one
                schedule: "0 3 * *"
                cluster: cluster-x
                command: echo
              - name: one
                schedule: "@daily"
                timezone: UTC
                cluster: cluster-a
              - name: three
                schedule: "@every 1s"
                cluster: cluster-a
                args: [/bin/true]
                timeout: soon
                concurrencyPolicy: maybe
            """);

        Assert.False(result.IsValid);
        Assert.Null(result.JobFile);
        Assert.Equal(
            [
                "3:20: defaults.retry.jitter: must be between 0 and 1, found 2",
                "6:15: schedule: '0 3 * *' has 4 field(s); expected 5 (minute hour day-of-month month day-of-week) or 6 (second first)",
                "7:14: cluster: unknown cluster 'cluster-x' (did you mean 'cluster-a'?); declared clusters: cluster-a",
                "9:5: job 'one' has neither 'command' nor 'args'; set exactly one",
                "9:11: duplicate job name 'one' (first used on line 5)",
                "11:5: unknown key 'timezone' in a job (did you mean 'timeZone'?); allowed keys: name, schedule, timeZone, cluster, command, args, timeout, env, workingDirectory, suspend, retry, concurrencyPolicy, misfirePolicy, catchUpWindow",
                "17:14: timeout: 'soon' is not a duration: use a number with a unit ms, s, m, h or d (500ms, 90s, 10m, 1h30m, 2d or ISO 8601 PT5M)",
                "18:24: concurrencyPolicy: 'maybe' is not one of allow, forbid, replace",
            ],
            result.Problems.Select(p => $"{p.Line}:{p.Column}: {p.Message}"));
        Assert.All(result.Problems, p => Assert.Equal("jobs.yaml", p.Path));
    }

    [Fact]
    public void Parse_JobNameWithTheCanaryPrefix_IsRejectedAsReserved()
    {
        var problems = Problems("""
            clusters: [cluster-a]
            jobs:
              - { name: kcron-canary-cluster-a, schedule: "* * * * *", cluster: cluster-a, command: "true" }
            """);

        var problem = Assert.Single(problems);
        Assert.Contains("3:13: name: 'kcron-canary-cluster-a' starts with 'kcron-canary-', which is reserved", problem, StringComparison.Ordinal);
    }

    private static JobFileParseResult Parse(string yaml) => JobFileParser.Parse(yaml, "jobs.yaml", []);

    private static string[] Problems(string yaml) => [.. Parse(yaml).Problems.Select(p => p.ToString())];

    private static string Single(string yaml)
    {
        var result = Parse(yaml);
        Assert.False(result.IsValid);
        Assert.Null(result.JobFile);
        return Assert.Single(result.Problems).ToString();
    }
}
