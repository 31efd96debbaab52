using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// The tools the deployment files are checked with (bash, shellcheck, docker-compose, kubectl, kcat, kcron), run
/// through <see cref="ExternalTool"/> from the repository root.
/// </summary>
internal static class ExternalCommand
{
    public const string InstallHint = "run .ci/install-deps.sh (apt packages docker-compose, shellcheck, kcat)";

    /// <summary>The executable's path, or skips the calling test naming what is missing and how to install it.</summary>
    public static string Require(string name)
    {
        var found = ExternalTool.Find(name);
        Skip.If(found is null, $"{name} is not installed: {InstallHint}");
        return found!;
    }

    public static Task<ToolResult> RunAsync(
        string executable, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        ExternalTool.RunAsync(
            executable,
            arguments,
            environment: environment?.ToDictionary(pair => pair.Key, string? (pair) => pair.Value),
            timeout: timeout);

    /// <summary>Runs a repository script with bash (no executable bit needed).</summary>
    public static Task<ToolResult> BashAsync(
        string scriptPath, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync("bash", [RepositoryPaths.Of(scriptPath), .. arguments], timeout, environment);

    /// <summary>Runs the kcron built next to this test assembly, as <c>dotnet kcron.dll ...</c>.</summary>
    public static Task<ToolResult> KcronAsync(
        IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "kcron.dll"), .. arguments], timeout, environment);

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
