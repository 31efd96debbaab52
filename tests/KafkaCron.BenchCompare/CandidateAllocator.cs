namespace KafkaCron.BenchCompare;

/// <summary>
/// The allocator every candidate runs with: jemalloc with the settings the scheduler is deployed with (k8s/scheduler.yaml,
/// the compose files; docs/decisions/scheduler-allocator.md), when libjemalloc2 is installed, so that the table shows
/// the scheduler as deployed and Quartz.NET and the floors, which produce through the same librdkafka, on the same
/// allocator. <c>--glibc</c> runs them all on glibc's instead.
/// </summary>
internal sealed record CandidateAllocator(string Name, IReadOnlyDictionary<string, string> Environment)
{
    public const string DeployedSettings = "narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";

    private static readonly string[] InstalledPaths =
        ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"];

    public static CandidateAllocator Glibc { get; } = new("glibc malloc", new Dictionary<string, string>());

    /// <summary>jemalloc as deployed, or glibc's when the library is not installed (the reason is in the name).</summary>
    public static CandidateAllocator Deployed() =>
        InstalledPaths.FirstOrDefault(File.Exists) is { } library
            ? new($"jemalloc ({library}, MALLOC_CONF={DeployedSettings})",
                new Dictionary<string, string> { ["LD_PRELOAD"] = library, ["MALLOC_CONF"] = DeployedSettings })
            : Glibc with { Name = "glibc malloc (libjemalloc2 is not installed: make deps)" };
}
