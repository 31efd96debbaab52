using System.Collections.Concurrent;
using KafkaCron.Core.Runs;

namespace KafkaCron.Scheduler.Tests.TestSupport;

internal sealed class RecordingRunWriter : IRunRecordWriter
{
    private readonly ConcurrentQueue<RunRecord> _written = new();

    public IReadOnlyList<RunRecord> Written => [.. _written];

    public void Write(RunRecord record) => _written.Enqueue(record);
}
