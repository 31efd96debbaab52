namespace KafkaCron.Kafka.Publishing;

/// <summary>Kafka headers on every fire, readable without decoding the value (tooling, tracing, routing).</summary>
public static class FireHeaders
{
    public const string FireId = "kcron-fire-id";
    public const string SchemaVersion = "kcron-schema-version";
    public const string ContentType = "content-type";
    public const string JsonContentType = "application/json";
}
