namespace KafkaCron.WebConsole.Tests.Infrastructure;

/// <summary>Job and token files in a directory of the test's own, removed with it.</summary>
internal sealed class TestFiles : IDisposable
{
    public const string Token = "0123456789abcdef-test-admin-token";

    public const string Jobs = """
        clusters: [cluster-a, cluster-b]
        jobs:
          - name: nightly-backup
            schedule: "30 2 * * *"
            timeZone: Europe/Berlin
            cluster: cluster-a
            command: /usr/local/bin/backup --all
            timeout: 1h
          - name: heartbeat
            schedule: "@every 30s"
            cluster: cluster-a
            command: echo alive
          - name: report
            schedule: "0 8 * * 1-5"
            cluster: cluster-b
            command: ./report.sh
          - name: old-cleanup
            schedule: "@daily"
            cluster: cluster-b
            command: rm -rf /tmp/old
            suspend: true
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("kcron-console-").FullName;

    public TestFiles(string jobs = Jobs)
    {
        JobsFile = Write("jobs.yaml", jobs);
        TokenFile = Write("token", Token + "\n");
    }

    public string JobsFile { get; }

    public string TokenFile { get; }

    public string Write(string name, string text)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
