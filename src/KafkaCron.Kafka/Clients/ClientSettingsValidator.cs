using KafkaCron.Kafka.Native;
using Microsoft.Extensions.Options;

namespace KafkaCron.Kafka.Clients;

/// <summary>
/// Every <c>Kafka:Client</c> property is one librdkafka knows, with a value it accepts: checked at start, so that a
/// typo stops the program with one line naming it, not with a stack trace from the first client built with it.
/// </summary>
public sealed class ClientSettingsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options.Client);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static List<string> Problems(Dictionary<string, string> client)
    {
        if (client.Count == 0)
        {
            return [];
        }

        LibrdkafkaNative.EnsureResolver();
        var conf = LibrdkafkaNative.ConfNew();
        try
        {
            return [.. LibrdkafkaNative.ConfSetAll(conf, client).Select(refused => $"{KafkaOptions.SectionName}:Client:{refused.Setting}: {refused.Reason}")];
        }
        finally
        {
            LibrdkafkaNative.ConfDestroy(conf);
        }
    }
}
