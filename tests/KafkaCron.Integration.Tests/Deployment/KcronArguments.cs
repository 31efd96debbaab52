using KafkaCron.Cli;

namespace KafkaCron.Integration.Tests.Deployment;

/// <summary>Checks a command line the deployment files give kcron against the real command tree.</summary>
internal static class KcronArguments
{
    /// <summary>The parser's complaints (unknown subcommand, unknown or malformed option); empty when it parses.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyList<string> arguments) =>
        KcronCommand.Create().Parse(arguments, KcronCommand.ParserConfiguration).Errors.Select(error => error.Message).ToList();

    public static string Describe(string where, IReadOnlyList<string> arguments) =>
        $"{where} runs `kcron {string.Join(' ', arguments)}`: {string.Join("; ", Problems(arguments))}";
}
