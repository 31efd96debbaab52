namespace KafkaCron.Core.Runs;

/// <summary>
/// Writes run records that no worker writes: the scheduler's <c>paused</c> records. Fire and forget: a record that
/// cannot be written is logged by the writer, never retried by the caller (the count in
/// <c>kcron.fires.skipped{reason="paused"}</c> does not depend on it).
/// </summary>
public interface IRunRecordWriter
{
    void Write(RunRecord record);
}
