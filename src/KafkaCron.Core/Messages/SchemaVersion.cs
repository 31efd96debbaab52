using System.Text.Json;

namespace KafkaCron.Core.Messages;

/// <summary>Reads the <c>schemaVersion</c> of a JSON record before anything else, so a codec can refuse a version it does not read.</summary>
internal static class SchemaVersion
{
    /// <exception cref="JsonException">The value is not a JSON object, or its schemaVersion is missing or not an integer.</exception>
    public static int Read(ReadOnlySpan<byte> value)
    {
        var reader = new Utf8JsonReader(value);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the message is not a JSON object");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isVersion = reader.ValueTextEquals("schemaVersion"u8);
            reader.Read();
            if (isVersion)
            {
                return reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var version)
                    ? version
                    : throw new JsonException("schemaVersion is not an integer");
            }

            reader.Skip();
        }

        throw new JsonException("schemaVersion is missing");
    }
}
