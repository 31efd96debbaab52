namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// A job file the compose drills add their job to, and restore byte for byte afterwards: like chaos/flood.sh, it
/// must end with its block-style <c>jobs:</c> list, and it is replaced by rename (the schedulers see the directory).
/// </summary>
internal sealed class DrillJobFile : IDisposable
{
    private readonly string _path;
    private readonly byte[] _original;

    private DrillJobFile(string path, byte[] original)
    {
        _path = path;
        _original = original;
    }

    /// <summary>Adds a job named <paramref name="job"/> on <paramref name="cluster"/>, due every second (fireAll), running <paramref name="command"/>.</summary>
    public static DrillJobFile Add(string path, string job, string cluster, string command)
    {
        var original = File.ReadAllBytes(path);
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var lastKey = lines.LastOrDefault(l => l.Length > 0 && char.IsLetter(l[0]) && l.Contains(':', StringComparison.Ordinal));
        if (lastKey is null || !lastKey.StartsWith("jobs:", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{path} must end with a block-style 'jobs:' list (its last top-level key is '{lastKey}')");
        }

        if (lines.Any(l => l.TrimStart(' ', '-').StartsWith("name: " + job, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"{path} already holds a job {job}: restore it from an earlier, interrupted drill first");
        }

        var item = lines.SkipWhile(l => !l.StartsWith("jobs:", StringComparison.Ordinal)).Skip(1).FirstOrDefault(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal));
        var pad = new string(' ', item is null ? 2 : item.Length - item.TrimStart().Length);
        var added = (text.EndsWith('\n') ? string.Empty : "\n") + $"""
            {pad}- name: {job}
            {pad}  schedule: "@every 1s"
            {pad}  cluster: {cluster}
            {pad}  command: '{command.Replace("'", "''", StringComparison.Ordinal)}'
            {pad}  misfirePolicy: fireAll
            {pad}  catchUpWindow: 1h

            """;
        Replace(path, [.. original, .. System.Text.Encoding.UTF8.GetBytes(added)]);
        return new DrillJobFile(path, original);
    }

    public void Dispose() => Replace(_path, _original);

    private static void Replace(string path, byte[] content)
    {
        var next = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ".chaos-next-" + Guid.NewGuid().ToString("N"));
        File.WriteAllBytes(next, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(next, File.GetUnixFileMode(path));
        }

        File.Move(next, path, overwrite: true);
    }
}
