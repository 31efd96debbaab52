using System.ComponentModel.DataAnnotations;
using System.Net;
using KafkaCron.ZooKeeper.Client;

namespace KafkaCron.ZooKeeper.Election;

/// <summary>Where and how scheduler replicas of one deployment elect their leader in ZooKeeper.</summary>
public sealed class ZooKeeperElectionOptions : IValidatableObject
{
    public const string SectionName = "ZooKeeper";

    /// <summary><c>host:port[,host:port...]</c> of the ensemble.</summary>
    [Required]
    public string ConnectionString { get; set; } = "";

    /// <summary>Replicas with the same deployment id elect one leader and share one checkpoint.</summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", ErrorMessage = "DeploymentId must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit")]
    public string DeploymentId { get; set; } = "default";

    /// <summary>Shown by <c>kcron status</c>; stored as the candidate node's data.</summary>
    [Required]
    [MaxLength(256)]
    public string ReplicaId { get; set; } = $"{Dns.GetHostName()}:{Environment.ProcessId}";

    /// <summary>Absolute znode path under which every deployment has its nodes.</summary>
    [Required]
    [RegularExpression("^(/[A-Za-z0-9._-]+)+$", ErrorMessage = "RootPath must be an absolute znode path such as /kcron")]
    public string RootPath { get; set; } = "/kcron";

    /// <summary>
    /// Asked of the server, which may clamp it to its min/max (by default 2 and 20 ticks). A leader that cannot
    /// reach ZooKeeper stops after <see cref="LeaseFraction"/> of it; a dead leader is replaced after all of it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The share of the negotiated session timeout a leader keeps leading without a reply from ZooKeeper. The rest
    /// is the safety margin against the server expiring the session and electing another leader; see
    /// docs/leader-election.md before raising it.
    /// </summary>
    [Range(0.2, 0.8)]
    public double LeaseFraction { get; set; } = 2.0 / 3.0;

    /// <summary>Wait between attempts while no ZooKeeper server answers.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string? problem = null;
        try
        {
            ServerAddress.ParseList(ConnectionString);
        }
        catch (FormatException ex)
        {
            problem = ex.Message;
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"ConnectionString is invalid: {problem}", [nameof(ConnectionString)]);
        }
    }
}
