using System.Text.Json.Serialization;

namespace KafkaCron.Core.Messages;

[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FireMessage))]
[JsonSerializable(typeof(DeadLetter))]
internal sealed partial class MessageJsonContext : JsonSerializerContext;
