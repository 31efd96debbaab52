using KafkaCron.Kafka;
using KafkaCron.Kafka.Clients;

namespace KafkaCron.Integration.Tests.Kafka.Clients;

public sealed class ClientSettingsValidatorTests
{
    [Fact]
    public void Validate_PropertiesLibrdkafkaAccepts_Succeed()
    {
        var result = Validate(new()
        {
            ["security.protocol"] = "plaintext",
            ["linger.ms"] = "5",
            ["fetch.wait.max.ms"] = "100",
            ["dotnet.cancellation.delay.max.ms"] = "100",
        });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_UnknownPropertyAndBadValue_EachNamedInItsOwnFailure()
    {
        var result = Validate(new() { ["no.such.setting"] = "1", ["linger.ms"] = "-5", ["acks"] = "all" });

        Assert.True(result.Failed);
        Assert.Collection(
            result.Failures!.Order(StringComparer.Ordinal),
            failure => Assert.StartsWith("Kafka:Client:linger.ms: ", failure, StringComparison.Ordinal),
            failure => Assert.Equal("Kafka:Client:no.such.setting: No such configuration property: \"no.such.setting\"", failure));
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(Dictionary<string, string> client) =>
        new ClientSettingsValidator().Validate(null, new KafkaOptions { Client = client });
}
