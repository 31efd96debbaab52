using System.Text.Json.Serialization;

namespace KafkaCron.Core.Leadership;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ScheduleCheckpoint))]
internal sealed partial class CheckpointJsonContext : JsonSerializerContext;
