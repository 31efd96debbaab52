using System.Text.RegularExpressions;
using KafkaCron.Integration.Tests.Observability;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>The Dockerfile cannot be built here (no Docker engine); these check what a build would silently get wrong.</summary>
public sealed partial class DockerfileTests
{
    private readonly string[] _instructions = Instructions(File.ReadAllText(RepositoryPaths.Of("Dockerfile")));

    [Fact]
    public void Dockerfile_Stages_BuildWithTheSdkAndRunKcronAsANonRootUser()
    {
        var stages = _instructions.Where(i => i.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        var user = _instructions.Last(i => i.StartsWith("USER ", StringComparison.Ordinal))["USER ".Length..].Trim();

        Assert.Equal(2, stages.Count);
        Assert.Contains("mcr.microsoft.com/dotnet/sdk:10.0.", stages[0], StringComparison.Ordinal);
        // ASP.NET Core's runtime image: kcron console is a web host.
        Assert.Contains("mcr.microsoft.com/dotnet/aspnet:10.0.", stages[1], StringComparison.Ordinal);
        Assert.Contains(_instructions, i => i.Contains("dotnet publish src/KafkaCron.Cli -c Release -o /app", StringComparison.Ordinal));
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
        Assert.Equal("ENTRYPOINT [\"/app/kcron\"]", _instructions.Single(i => i.StartsWith("ENTRYPOINT ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Dockerfile_BaseImages_ArePinnedToAnExactReleaseOrDigest()
    {
        var images = _instructions.Where(i => i.StartsWith("FROM ", StringComparison.Ordinal))
            .Select(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries).First(part => part.Contains("mcr.microsoft.com", StringComparison.Ordinal)))
            .ToList();

        // A floating tag (10.0, latest) changes under a rebuild without any change in the repository.
        Assert.All(images, image => Assert.Matches(PinnedImage(), image));
        Assert.Contains("HEALTHCHECK NONE", _instructions);
    }

    [Fact]
    public void Dockerfile_CopiedPaths_ExistAndAreNotExcludedFromTheBuildContext()
    {
        var ignore = File.ReadAllLines(RepositoryPaths.Of(".dockerignore"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToList();
        var sources = _instructions
            .Where(i => i.StartsWith("COPY ", StringComparison.Ordinal) && !i.Contains("--from=", StringComparison.Ordinal))
            .SelectMany(i => i.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..^1])
            .ToList();

        Assert.NotEmpty(sources);
        Assert.All(sources, source =>
        {
            var path = RepositoryPaths.Of(source);
            Assert.True(File.Exists(path) || Directory.Exists(path), $"COPY {source}: no such file in the repository");
            Assert.False(IsIgnored(ignore, source.TrimEnd('/')), $"COPY {source}: .dockerignore leaves it out of the build context");
        });
    }

    /// <summary>
    /// .dockerignore for top-level entries, which is all the Dockerfile copies: the last matching pattern decides,
    /// <c>!</c> re-includes, <c>*</c> matches any single name.
    /// </summary>
    private static bool IsIgnored(IEnumerable<string> patterns, string entry)
    {
        var ignored = false;
        foreach (var pattern in patterns)
        {
            var include = pattern.StartsWith('!');
            var glob = (include ? pattern[1..] : pattern).TrimEnd('/');
            if (glob.Contains('/', StringComparison.Ordinal))
            {
                continue;
            }

            var regex = "^" + Regex.Escape(glob).Replace("\\*", "[^/]*", StringComparison.Ordinal) + "$";
            if (Regex.IsMatch(entry, regex))
            {
                ignored = !include;
            }
        }

        return ignored;
    }

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static string[] Instructions(string dockerfile) =>
        Continuation().Replace(dockerfile, " ")
            .Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .ToArray();

    [GeneratedRegex(@"\\\r?\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(:\d+\.\d+\.\d+(-[a-z]+)?|@sha256:[0-9a-f]{64})$")]
    private static partial Regex PinnedImage();
}
