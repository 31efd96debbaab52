using System.Text.Json.Serialization;

namespace KafkaCron.Core.Control;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobPause))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
