using KafkaCron.Core.Scheduling;
using Microsoft.Extensions.Options;

namespace KafkaCron.Scheduler;

/// <summary>Checks what data annotations cannot: the job file exists and the cluster list makes sense.</summary>
internal sealed class SchedulerOptionsValidator : IValidateOptions<SchedulerOptions>
{
    public ValidateOptionsResult Validate(string? name, SchedulerOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.JobsFile) && !File.Exists(options.JobsFile))
        {
            failures.Add($"Scheduler:JobsFile (--jobs): the job file {Path.GetFullPath(options.JobsFile)} does not exist");
        }

        if (options.Clusters.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("Scheduler:Clusters (--cluster): a cluster name is empty");
        }

        var duplicates = options.Clusters.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            failures.Add($"Scheduler:Clusters (--cluster): {string.Join(", ", duplicates)} named more than once");
        }

        if (options.PendingRetryMaxSeconds < options.PendingRetryInitialSeconds)
        {
            failures.Add("Scheduler:PendingRetryMaxSeconds must not be less than Scheduler:PendingRetryInitialSeconds");
        }

        if (options.CanaryEnabled && !string.IsNullOrWhiteSpace(options.CanarySchedule)
            && !FireSchedules.TryParse(options.CanarySchedule, TimeZoneInfo.Utc, withSeconds: false, out _, out var error)
            && !FireSchedules.TryParse(options.CanarySchedule, TimeZoneInfo.Utc, withSeconds: true, out _, out _))
        {
            failures.Add($"Scheduler:CanarySchedule: {error}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
