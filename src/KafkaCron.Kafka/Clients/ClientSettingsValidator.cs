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
        var problems = new List<string>();
        if (client.Count == 0)
        {
            return problems;
        }

        LibrdkafkaNative.EnsureResolver();
        var errors = new byte[512];
        var conf = LibrdkafkaNative.ConfNew();
        try
        {
            // Confluent.Kafka's own properties (dotnet.*) never reach librdkafka.
            foreach (var (property, value) in client.Where(setting => !setting.Key.StartsWith("dotnet.", StringComparison.Ordinal)))
            {
                if (LibrdkafkaNative.ConfSet(conf, property, value, errors, (UIntPtr)errors.Length) != LibrdkafkaNative.ConfOk)
                {
                    problems.Add($"{KafkaOptions.SectionName}:Client:{property}: {LibrdkafkaNative.Text(errors)}");
                }
            }
        }
        finally
        {
            LibrdkafkaNative.ConfDestroy(conf);
        }

        return problems;
    }
}
