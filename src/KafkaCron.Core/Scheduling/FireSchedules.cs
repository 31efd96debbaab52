using System.Diagnostics.CodeAnalysis;
using KafkaCron.Core.Jobs;

namespace KafkaCron.Core.Scheduling;

// PLACEHOLDER on the scheduler branch only: the real implementation (Cronos, descriptors, @every anchored at the
// Unix epoch) is written on the `jobs` branch with exactly this signature and replaces this file at merge.
public static class FireSchedules
{
    public static IFireSchedule For(JobDefinition job) => throw new NotImplementedException("merged from the jobs branch");

    public static bool TryParse(string expression, TimeZoneInfo zone, bool withSeconds,
        [NotNullWhen(true)] out IFireSchedule? schedule, [NotNullWhen(false)] out string? error) =>
        throw new NotImplementedException("merged from the jobs branch");
}
