using KafkaCron.Testing;

namespace KafkaCron.BenchCompare;

/// <summary>
/// The allocator every candidate runs with: jemalloc with the settings the scheduler is deployed with (k8s/scheduler.yaml,
/// the compose files; docs/decisions/scheduler-allocator.md), when libjemalloc2 is installed, so that the table shows
/// the scheduler as deployed and Quartz.NET and the floors, which produce through the same librdkafka, on the same
/// allocator. <c>--glibc</c> runs them all on glibc's instead.
/// </summary>
internal sealed record CandidateAllocator(string Name, IReadOnlyDictionary<string, string> Environment)
{
    public static CandidateAllocator Glibc { get; } = new("glibc malloc", new Dictionary<string, string>());

    /// <summary>jemalloc as deployed, or glibc's when the library is not installed (the reason is in the name).</summary>
    public static CandidateAllocator Deployed() =>
        DeployedJemalloc.InstalledLibrary is { } library
            ? new($"jemalloc ({library}, MALLOC_CONF={DeployedJemalloc.Settings})",
                new Dictionary<string, string> { ["LD_PRELOAD"] = library, ["MALLOC_CONF"] = DeployedJemalloc.Settings })
            : Glibc with { Name = "glibc malloc (libjemalloc2 is not installed: make deps)" };
}
