using System.Diagnostics;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>Runs the tools the deployment files are checked with (bash, shellcheck, docker-compose, kcron).</summary>
internal static class ExternalCommand
{
    public const string InstallHint = "run .ci/install-deps.sh (apt packages docker-compose, shellcheck, kcat)";

    /// <summary>The executable's full path on PATH, or null.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    /// <summary>The executable's path, or skips the calling test naming what is missing.</summary>
    public static string Require(string name)
    {
        var found = Find(name);
        Skip.If(found is null, $"{name} is not installed: {InstallHint}");
        return found!;
    }

    /// <param name="environment">Variables to set; they are added to the inherited environment.</param>
    public static async Task<CommandResult> RunAsync(
        string executable,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryFiles.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(
                $"{executable} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs a repository script with bash (no executable bit needed).</summary>
    public static Task<CommandResult> BashAsync(
        string scriptPath, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("bash", [RepositoryFiles.Of(scriptPath), .. arguments], timeout, environment);

    /// <summary>Runs the kcron built next to this test assembly, as <c>dotnet kcron.dll ...</c>.</summary>
    public static Task<CommandResult> KcronAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        RunAsync(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "kcron.dll"), .. arguments], timeout);

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
