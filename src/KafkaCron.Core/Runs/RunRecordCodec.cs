using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using KafkaCron.Core.Messages;

namespace KafkaCron.Core.Runs;

/// <summary>
/// Turns run records into bytes and back. Encoding keeps a record under <see cref="MaxEncodedBytes"/> whatever the
/// worker's tail size, by shortening the output tails (their ends are kept); decoding never throws.
/// </summary>
public static class RunRecordCodec
{
    /// <summary>
    /// A quarter of Kafka's default message size limit (1 MB): a run record never fails to be written for its size,
    /// which would stop a worker with the run uncommitted.
    /// </summary>
    public const int MaxEncodedBytes = 256 * 1024;

    // Output tails are text in any language; escaping every non-ASCII character (the default) would triple their size.
    // Records are read by tools and the console, which escape for their own medium.
    private static readonly RunRecordJsonContext Context = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static byte[] Encode(RunRecord record)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(record, Context.RunRecord);
        while (bytes.Length > MaxEncodedBytes && (record.StdoutTail?.Length > 0 || record.StderrTail?.Length > 0))
        {
            // Halve the longer tail until the record fits: a handful of passes even for 1 MiB tails.
            record = (record.StdoutTail?.Length ?? 0) >= (record.StderrTail?.Length ?? 0)
                ? record with { StdoutTail = Halve(record.StdoutTail!) }
                : record with { StderrTail = Halve(record.StderrTail!) };
            bytes = JsonSerializer.SerializeToUtf8Bytes(record, Context.RunRecord);
        }

        return bytes;
    }

    /// <summary>The record as one line of JSON, exactly as it is stored: what <c>kcron history --json</c> prints.</summary>
    public static string ToJsonLine(RunRecord record) => System.Text.Encoding.UTF8.GetString(Encode(record));

    public static bool TryDecode(ReadOnlySpan<byte> value, [NotNullWhen(true)] out RunRecord? record, [NotNullWhen(false)] out string? error)
    {
        record = null;
        if (value.IsEmpty)
        {
            error = "empty value";
            return false;
        }

        if (value.Length > FireMessageCodec.MaxMessageBytes)
        {
            error = FormattableString.Invariant($"value of {value.Length} bytes exceeds the {FireMessageCodec.MaxMessageBytes}-byte limit");
            return false;
        }

        try
        {
            var version = SchemaVersion.Read(value);
            if (version != RunRecord.CurrentSchemaVersion)
            {
                error = FormattableString.Invariant($"unsupported schemaVersion {version} (this build reads {RunRecord.CurrentSchemaVersion})");
                return false;
            }

            record = JsonSerializer.Deserialize(value, Context.RunRecord);
        }
        catch (JsonException ex)
        {
            error = "invalid JSON: " + ex.Message;
            return false;
        }

        if (record is null)
        {
            error = "the value is JSON null";
            return false;
        }

        error = Validate(record);
        if (error is not null)
        {
            record = null;
            return false;
        }

        return true;
    }

    private static string? Validate(RunRecord record) =>
        string.IsNullOrWhiteSpace(record.FireId) ? "fireId is empty"
        : string.IsNullOrWhiteSpace(record.Job) ? "job is empty"
        : string.IsNullOrWhiteSpace(record.Cluster) ? "cluster is empty"
        : string.IsNullOrWhiteSpace(record.Outcome) ? "outcome is empty"
        : string.IsNullOrWhiteSpace(record.Trigger) ? "trigger is empty"
        : record.Attempt < 1 ? "attempt must be at least 1"
        : null;

    /// <summary>The second half of <paramref name="text"/>, never starting inside a surrogate pair.</summary>
    private static string Halve(string text)
    {
        var start = text.Length / 2;
        if (start < text.Length && char.IsLowSurrogate(text[start]))
        {
            start++;
        }

        return text[start..];
    }
}
