namespace KafkaCron.BenchCompare;

/// <summary>A directory of its own for a candidate's job file, removed afterwards.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kcron-bench-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
