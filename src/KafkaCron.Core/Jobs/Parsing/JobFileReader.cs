using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Core.Text;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>Turns the YAML tree of a job file into a <see cref="JobFile"/>, reporting every problem on the way.</summary>
internal sealed class JobFileReader(ProblemList problems, IReadOnlyCollection<string> knownClusters)
{
    private readonly ValueReader values = new(problems);
    private readonly SettingsReader settingsReader = new(problems);

    // Jobs that retry alike share one policy: a file of 100,000 jobs otherwise holds 100,000 equal copies (5.6 MB).
    private readonly Dictionary<RetryPolicy, RetryPolicy> retryPolicies = new() { [RetryPolicy.Default] = RetryPolicy.Default };

    /// <summary>The file, or null when its structure is too broken to go on; check the problems either way.</summary>
    public JobFile? Read(YamlNode? root)
    {
        if (root is null or YamlScalar { IsNull: true })
        {
            problems.Add(1, 1, "the file is empty; expected a mapping with a 'jobs' list (see docs/job-file.md)");
            return null;
        }

        if (root is not YamlMapping top)
        {
            problems.Add(root, $"expected a mapping with the keys {string.Join(", ", JobFileKeys.TopLevel)} at the top level, found {root.Describe()}");
            return null;
        }

        YamlNode? clustersNode = null, defaultsNode = null, jobsNode = null;
        foreach (var (key, _, value) in MappingReader.KnownEntries(top, JobFileKeys.TopLevel, "the top level", problems))
        {
            switch (key)
            {
                case JobFileKeys.Clusters:
                    clustersNode = value;
                    break;
                case JobFileKeys.Defaults:
                    defaultsNode = value;
                    break;
                case JobFileKeys.Jobs:
                    jobsNode = value;
                    break;
            }
        }

        var clusters = DeclaredClusters(clustersNode);
        var defaults = ReadDefaults(defaultsNode, clusters);
        if (jobsNode is null)
        {
            problems.Add(top, "missing 'jobs': the list of jobs (write 'jobs: []' for none)");
            return null;
        }

        if (jobsNode is not YamlSequence jobList)
        {
            problems.Add(jobsNode, $"jobs: expected a list of jobs, found {jobsNode.Describe()}");
            return null;
        }

        var jobs = new List<JobDefinition>(jobList.Items.Count);
        var names = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var item in jobList.Items)
        {
            if (item is not YamlMapping jobMapping)
            {
                problems.Add(item, $"jobs: each job must be a mapping with name, schedule, cluster and command or args; found {item.Describe()}");
                continue;
            }

            var job = ReadJob(settingsReader.ReadJob(jobMapping), defaults, clusters, names);
            if (job is not null)
            {
                jobs.Add(job);
            }
        }

        return new JobFile([.. clusters.Select(name => new ClusterDefinition(name))], jobs);
    }

    /// <summary>The file's clusters in file order, then those only configuration declares.</summary>
    private List<string> DeclaredClusters(YamlNode? node)
    {
        var declared = new List<string>();
        if (node is not null and not YamlSequence)
        {
            problems.Add(node, $"clusters: expected a list of cluster names such as [cluster-a, cluster-b], found {node.Describe()}");
        }
        else if (node is YamlSequence list)
        {
            var lines = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var item in list.Items)
            {
                var name = values.Name(item, "clusters");
                if (name is null)
                {
                    continue;
                }

                if (lines.TryGetValue(name, out var firstLine))
                {
                    problems.Add(item, $"clusters: '{name}' is listed twice (first on line {firstLine})");
                    continue;
                }

                lines.Add(name, item.Line);
                declared.Add(name);
            }
        }

        declared.AddRange(knownClusters.Where(known => !declared.Contains(known, StringComparer.Ordinal)));
        return declared;
    }

    private JobSettings? ReadDefaults(YamlNode? node, List<string> clusters)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMapping mapping)
        {
            problems.Add(node, $"defaults: expected a mapping of job keys, found {node.Describe()}");
            return null;
        }

        var defaults = settingsReader.ReadDefaults(mapping);
        if (defaults.Cluster is { } cluster && !clusters.Contains(cluster.Value, StringComparer.Ordinal))
        {
            problems.Add(cluster.Node, "defaults.cluster: " + UnknownCluster(cluster.Value, clusters));
        }

        CheckDelays(defaults.Retry, fallback: null, "defaults.retry");
        return defaults;
    }

    private JobDefinition? ReadJob(
        JobSettings job,
        JobSettings? defaults,
        List<string> clusters,
        Dictionary<string, YamlNode> names)
    {
        var label = string.IsNullOrWhiteSpace(job.NameAsWritten) ? "this job" : $"job {Quote.Of(job.NameAsWritten)}";
        if (!job.Keys.ContainsKey(JobFileKeys.Name))
        {
            problems.Add(job.Node, "this job has no 'name'");
        }
        else if (job.Name is { } name)
        {
            if (name.Value.StartsWith(CanaryJob.NamePrefix, StringComparison.Ordinal))
            {
                problems.Add(name.Node, $"name: '{name.Value}' starts with '{CanaryJob.NamePrefix}', which is reserved for the scheduler's built-in canary jobs");
            }
            else if (names.TryGetValue(name.Value, out var first))
            {
                problems.Add(name.Node, $"duplicate job name '{name.Value}' (first used on line {first.Line})");
            }
            else
            {
                names.Add(name.Value, name.Node);
            }
        }

        var zone = job.TimeZone ?? defaults?.TimeZone;
        if (!job.Keys.ContainsKey(JobFileKeys.Schedule))
        {
            problems.Add(job.Node, $"{label} has no 'schedule'");
        }
        else if (job.Schedule is { } schedule
                 && !FireSchedules.TryParse(schedule.Value, zone?.Value ?? TimeZoneInfo.Utc, CronFields.Detect, out _, out var error))
        {
            problems.Add(schedule.Node, $"schedule: {error}");
        }

        var cluster = job.Cluster ?? defaults?.Cluster;
        if (job.Cluster is { } own && !clusters.Contains(own.Value, StringComparer.Ordinal))
        {
            problems.Add(own.Node, "cluster: " + UnknownCluster(own.Value, clusters));
        }
        else if (!job.Keys.ContainsKey(JobFileKeys.Cluster) && defaults?.Keys.ContainsKey(JobFileKeys.Cluster) != true)
        {
            problems.Add(job.Node, $"{label} has no 'cluster' (set it on the job or under defaults); {DeclaredList(clusters)}");
        }

        var hasCommand = job.Keys.TryGetValue(JobFileKeys.Command, out var commandKey);
        var hasArgs = job.Keys.TryGetValue(JobFileKeys.Args, out var argsKey);
        if (hasCommand && hasArgs)
        {
            var later = commandKey!.Line > argsKey!.Line || (commandKey.Line == argsKey.Line && commandKey.Column > argsKey.Column) ? commandKey : argsKey;
            problems.Add(later, $"{label} sets both 'command' and 'args'; set exactly one ('command' runs through /bin/sh -c, 'args' runs a program without a shell)");
        }
        else if (!hasCommand && !hasArgs)
        {
            problems.Add(job.Node, $"{label} has neither 'command' nor 'args'; set exactly one");
        }

        CheckDelays(job.Retry, defaults?.Retry, "retry");

        if (job.Name is null || job.Schedule is null || cluster is null)
        {
            return null;
        }

        var env = new Dictionary<string, string>(defaults?.Env ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in job.Env)
        {
            env[key] = value;
        }

        return new JobDefinition
        {
            Name = job.Name.Value.Value,
            Schedule = job.Schedule.Value.Value.Trim(),
            TimeZone = zone?.Value.Id ?? TimeZoneInfo.Utc.Id,
            Cluster = cluster.Value.Value,
            Command = job.Command?.Value,
            Args = job.Args?.Value,
            Timeout = (job.Timeout ?? defaults?.Timeout)?.Value,
            Env = env.Count == 0 ? JobDefinition.NoEnv : env,
            WorkingDirectory = (job.WorkingDirectory ?? defaults?.WorkingDirectory)?.Value,
            Suspend = (job.Suspend ?? defaults?.Suspend)?.Value ?? false,
            Retry = Shared(job.RetryOver(defaults?.Retry)),
            ConcurrencyPolicy = (job.ConcurrencyPolicy ?? defaults?.ConcurrencyPolicy)?.Value ?? ConcurrencyPolicy.Allow,
            MisfirePolicy = (job.MisfirePolicy ?? defaults?.MisfirePolicy)?.Value ?? MisfirePolicy.FireOnce,
            CatchUpWindow = (job.CatchUpWindow ?? defaults?.CatchUpWindow)?.Value ?? JobDefinition.DefaultCatchUpWindow,
        };
    }

    private RetryPolicy Shared(RetryPolicy policy)
    {
        if (retryPolicies.TryGetValue(policy, out var shared))
        {
            return shared;
        }

        retryPolicies.Add(policy, policy);
        return policy;
    }

    /// <summary>
    /// maxDelay must not be shorter than initialDelay once defaults are applied. Only a mapping that sets one of the
    /// two is blamed, so a conflict that the defaults alone cause is reported once, at the defaults.
    /// </summary>
    private void CheckDelays(RetrySettings? retry, RetrySettings? fallback, string path)
    {
        if (retry?.InitialDelay is null && retry?.MaxDelay is null)
        {
            return;
        }

        var (initial, initialOrigin) = Effective(retry.InitialDelay, fallback?.InitialDelay, RetryPolicy.Default.InitialDelay);
        var (max, maxOrigin) = Effective(retry.MaxDelay, fallback?.MaxDelay, RetryPolicy.Default.MaxDelay);
        if (max >= initial)
        {
            return;
        }

        var blamed = retry.MaxDelay?.Node ?? retry.InitialDelay!.Value.Node;
        problems.Add(
            blamed,
            $"{path}.maxDelay ({DurationFormat.Format(max)}{maxOrigin}) is shorter than {path}.initialDelay ({DurationFormat.Format(initial)}{initialOrigin})");
    }

    private static (TimeSpan Value, string Origin) Effective(Sourced<TimeSpan>? own, Sourced<TimeSpan>? fallback, TimeSpan builtIn) =>
        own is { } set ? (set.Value, string.Empty)
        : fallback is { } inherited ? (inherited.Value, $", from defaults on line {inherited.Node.Line}")
        : (builtIn, ", the built-in default");

    private static string UnknownCluster(string name, List<string> clusters)
    {
        var suggestion = Suggestions.Closest(name, clusters);
        var hint = suggestion is null ? string.Empty : $" (did you mean '{suggestion}'?)";
        return $"unknown cluster '{name}'{hint}; {DeclaredList(clusters)}";
    }

    private static string DeclaredList(List<string> clusters) =>
        clusters.Count == 0
            ? "no clusters are declared: list them under 'clusters:' at the top of the file or in the configuration"
            : $"declared clusters: {string.Join(", ", clusters)}";
}
