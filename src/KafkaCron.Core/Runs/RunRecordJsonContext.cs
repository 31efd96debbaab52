using System.Text.Json.Serialization;

namespace KafkaCron.Core.Runs;

/// <summary>Source-generated serialisation of run records; <see cref="RunRecordCodec"/> sets its options.</summary>
[JsonSerializable(typeof(RunRecord))]
internal sealed partial class RunRecordJsonContext : JsonSerializerContext;
