namespace KafkaCron.Testing;

/// <summary>
/// jemalloc as the scheduler is deployed with it (k8s/scheduler.yaml, the compose files;
/// docs/decisions/scheduler-allocator.md), for the tests and the harness that run kcron on it here.
/// </summary>
internal static class DeployedJemalloc
{
    /// <summary>The scheduler's <c>MALLOC_CONF</c> in the manifests.</summary>
    public const string Settings = "narenas:2,dirty_decay_ms:1000,muzzy_decay_ms:0";

    // Where Debian and Ubuntu put it (libjemalloc2); the image links the one of its platform to /usr/local/lib.
    private static readonly string[] InstalledPaths =
        ["/usr/lib/x86_64-linux-gnu/libjemalloc.so.2", "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"];

    /// <summary>This machine's libjemalloc.so.2, or null when libjemalloc2 is not installed.</summary>
    public static string? InstalledLibrary => InstalledPaths.FirstOrDefault(File.Exists);
}
