namespace KafkaCron.Integration.Tests.Cli;

/// <summary>A job file in a directory of its own, removed with it.</summary>
internal sealed class TemporaryJobFile : IDisposable
{
    public TemporaryJobFile(string yaml)
    {
        Folder = Directory.CreateTempSubdirectory("kcron-cli-").FullName;
        Path = System.IO.Path.Combine(Folder, "jobs.yaml");
        File.WriteAllText(Path, yaml);
    }

    public string Folder { get; }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
