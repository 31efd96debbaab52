namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>Reads one job, or the defaults, into <see cref="JobSettings"/>.</summary>
internal sealed class SettingsReader(ProblemList problems)
{
    private readonly ValueReader values = new(problems);

    public JobSettings ReadJob(YamlMapping mapping) =>
        Read(mapping, JobFileKeys.Job, prefix: string.Empty, where: "a job", explainUnknown: null);

    public JobSettings ReadDefaults(YamlMapping mapping) =>
        Read(mapping, JobFileKeys.DefaultsSection, prefix: "defaults.", where: "defaults", explainUnknown: key =>
            JobFileKeys.JobOnly.Contains(key, StringComparer.Ordinal)
                ? $"'{key}' belongs to each job and cannot be set under defaults; allowed keys: {string.Join(", ", JobFileKeys.DefaultsSection)}"
                : null);

    private JobSettings Read(
        YamlMapping mapping,
        IReadOnlyList<string> allowed,
        string prefix,
        string where,
        Func<string, string?>? explainUnknown)
    {
        var settings = new JobSettings(mapping);
        foreach (var (key, keyNode, value) in MappingReader.KnownEntries(mapping, allowed, where, problems, explainUnknown))
        {
            settings.Keys.Add(key, keyNode);
            var path = prefix + key;
            switch (key)
            {
                case JobFileKeys.Name:
                    settings.NameAsWritten = (value as YamlScalar)?.Value;
                    settings.Name = Source(values.Name(value, path), value);
                    break;
                case JobFileKeys.Schedule:
                    settings.Schedule = Source(values.Text(value, path), value);
                    break;
                case JobFileKeys.TimeZone:
                    settings.TimeZone = Source(values.Zone(value, path), value);
                    break;
                case JobFileKeys.Cluster:
                    settings.Cluster = Source(values.Name(value, path), value);
                    break;
                case JobFileKeys.Command:
                    settings.Command = Source(values.Text(value, path), value);
                    break;
                case JobFileKeys.Args:
                    settings.Args = Source(values.Arguments(value, path), value);
                    break;
                case JobFileKeys.Timeout:
                    settings.Timeout = Source(values.Duration(value, path, allowZero: false), value);
                    break;
                case JobFileKeys.Env:
                    values.Environment(value, path, settings.Env);
                    break;
                case JobFileKeys.WorkingDirectory:
                    settings.WorkingDirectory = Source(values.AbsolutePath(value, path), value);
                    break;
                case JobFileKeys.Suspend:
                    settings.Suspend = Source(values.Boolean(value, path), value);
                    break;
                case JobFileKeys.Retry:
                    settings.Retry = ReadRetry(value, path);
                    break;
                case JobFileKeys.ConcurrencyPolicy:
                    settings.ConcurrencyPolicy = Source(values.Choice(value, path, ConcurrencyPolicyNames.ByName), value);
                    break;
                case JobFileKeys.MisfirePolicy:
                    settings.MisfirePolicy = Source(values.Choice(value, path, MisfirePolicyNames.ByName), value);
                    break;
                case JobFileKeys.CatchUpWindow:
                    settings.CatchUpWindow = Source(values.Duration(value, path, allowZero: true), value);
                    break;
            }
        }

        return settings;
    }

    private RetrySettings? ReadRetry(YamlNode node, string path)
    {
        if (node is not YamlMapping mapping)
        {
            problems.Add(node, $"{path}: expected a mapping such as {{ maxAttempts: 3, initialDelay: 10s }}, found {node.Describe()}");
            return null;
        }

        var retry = new RetrySettings();
        foreach (var (key, _, value) in MappingReader.KnownEntries(mapping, JobFileKeys.RetrySection, path, problems))
        {
            var keyPath = $"{path}.{key}";
            switch (key)
            {
                case JobFileKeys.MaxAttempts:
                    retry.MaxAttempts = Source(values.Integer(value, keyPath, minimum: 1), value);
                    break;
                case JobFileKeys.InitialDelay:
                    retry.InitialDelay = Source(values.Duration(value, keyPath, allowZero: true), value);
                    break;
                case JobFileKeys.Multiplier:
                    retry.Multiplier = Source(values.Number(value, keyPath, 1, double.PositiveInfinity), value);
                    break;
                case JobFileKeys.MaxDelay:
                    retry.MaxDelay = Source(values.Duration(value, keyPath, allowZero: true), value);
                    break;
                case JobFileKeys.Jitter:
                    retry.Jitter = Source(values.Number(value, keyPath, 0, 1), value);
                    break;
            }
        }

        return retry;
    }

    private static Sourced<T>? Source<T>(T? value, YamlNode node)
        where T : class => value is null ? null : new Sourced<T>(value, node);

    private static Sourced<T>? Source<T>(T? value, YamlNode node)
        where T : struct => value is null ? null : new Sourced<T>(value.Value, node);
}
