using System.ComponentModel.DataAnnotations;

namespace KafkaCron.WebConsole;

/// <summary>
/// Settings of <c>kcron console</c>, bound from the <c>Console</c> section (settings file, <c>KCRON_CONSOLE__*</c>,
/// flags) and validated at start by <see cref="ConsoleOptionsValidator"/>.
/// </summary>
public sealed class ConsoleOptions
{
    public const string SectionName = "Console";

    public const int DefaultPort = 8080;

    /// <summary>The HTTP port of the pages and the API; 0 takes any free port (tests), printed at start.</summary>
    [Range(0, 65_535, ErrorMessage = "Console:Port (--port) must be 0 to 65535")]
    public int Port { get; set; } = DefaultPort;

    /// <summary><c>localhost</c> (the default: put a TLS reverse proxy in front), an address, or <c>+</c> for every interface.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Console:ListenHost (--listen) must not be empty")]
    public string ListenHost { get; set; } = "localhost";

    /// <summary>The job file the scheduler runs; the console lists its jobs and re-reads it when it changes.</summary>
    public string? JobsFile { get; set; }

    /// <summary>Clusters known besides those the job file declares (dead letters, lag and workers are shown per cluster).</summary>
    public List<string> Clusters { get; set; } = [];

    /// <summary>A file holding the admin token (its first line). Without it every action is disabled.</summary>
    public string? AdminTokenFile { get; set; }

    /// <summary>ZooKeeper ensemble of the scheduler replicas; without it the status page shows no leader.</summary>
    public string? ZooKeeper { get; set; }

    [Required(AllowEmptyStrings = false, ErrorMessage = "Console:Deployment (--deployment) must not be empty")]
    public string Deployment { get; set; } = "default";

    [Required(AllowEmptyStrings = false, ErrorMessage = "Console:ZooKeeperRoot (--zookeeper-root) must not be empty")]
    public string ZooKeeperRoot { get; set; } = "/kcron";

    /// <summary>How long a request may wait for Kafka or ZooKeeper before it answers 503.</summary>
    [Range(1, 60, ErrorMessage = "Console:BackendTimeoutSeconds must be 1 to 60")]
    public int BackendTimeoutSeconds { get; set; } = 5;

    /// <summary>How often an open page refreshes its content; 0 turns it off.</summary>
    [Range(0, 3_600, ErrorMessage = "Console:RefreshSeconds (--refresh-seconds) must be 0 (off) to 3600")]
    public int RefreshSeconds { get; set; } = 10;

    /// <summary>Rows of one page of jobs, runs or dead letters; a request may ask for fewer, never more.</summary>
    [Range(1, 1_000, ErrorMessage = "Console:PageSize must be 1 to 1000")]
    public int PageSize { get; set; } = 100;

    /// <summary>The newest dead letters read per partition: the console never reads a whole dead-letter topic.</summary>
    [Range(1, 100_000, ErrorMessage = "Console:DeadLettersPerPartition must be 1 to 100000")]
    public int DeadLettersPerPartition { get; set; } = 500;

    /// <summary>
    /// How far back the console reads run history: a job's page lists its runs of this window, and the jobs list starts
    /// following each cluster's runs topic this far back.
    /// </summary>
    [Range(1, 24 * 30, ErrorMessage = "Console:HistoryWindowHours must be 1 to 720")]
    public int HistoryWindowHours { get; set; } = 24;

    /// <summary>How long a login lasts.</summary>
    [Range(1, 7 * 24, ErrorMessage = "Console:SessionHours must be 1 to 168")]
    public int SessionHours { get; set; } = 8;

    public TimeSpan BackendTimeout => TimeSpan.FromSeconds(BackendTimeoutSeconds);
}
