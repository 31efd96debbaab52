using KafkaCron.Core.Jobs;
using KafkaCron.WebConsole.Security;
using KafkaCron.ZooKeeper.Client;
using Microsoft.Extensions.Options;

namespace KafkaCron.WebConsole;

/// <summary>What DataAnnotations cannot say: files that must exist, cluster names, the admin token's strength.</summary>
internal sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        var failures = new List<string>();
        if (options.JobsFile is { } jobs && !File.Exists(jobs))
        {
            failures.Add($"Console:JobsFile (--jobs): {jobs}: no such job file");
        }

        foreach (var cluster in options.Clusters.Where(c => !NameRules.IsValid(c)))
        {
            failures.Add($"Console:Clusters (--cluster): '{cluster}' is not a valid cluster name: {NameRules.Description}");
        }

        if (options.AdminTokenFile is { } tokenFile && !AdminToken.TryRead(tokenFile, out _, out var tokenError))
        {
            failures.Add($"Console:AdminTokenFile (--admin-token-file): {tokenError}");
        }

        if (options.ListenHost is not ("localhost" or "+" or "*") && !System.Net.IPAddress.TryParse(options.ListenHost, out _))
        {
            failures.Add($"Console:ListenHost (--listen) must be localhost, + (every interface) or an IP address, not '{options.ListenHost}'");
        }

        if (options.ZooKeeper is { } zookeeper)
        {
            try
            {
                ZooKeeperClientOptions.Parse(zookeeper, TimeSpan.FromSeconds(10));
            }
            catch (FormatException ex)
            {
                failures.Add($"Console:ZooKeeper (--zookeeper): {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
