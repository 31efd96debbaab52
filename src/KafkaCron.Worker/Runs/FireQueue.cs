using KafkaCron.Core.Telemetry;

namespace KafkaCron.Worker.Runs;

/// <summary>Which of a cluster's topics a message came from; decides admission, overlap and the not-before hold.</summary>
internal enum FireQueue
{
    /// <summary>The jobs topic: first attempts, which pass the duplicate filter and the concurrency policy.</summary>
    Main,

    /// <summary>The retry topic: later attempts, held until due and never skipped or replaced.</summary>
    Retry,
}

internal static class FireQueueExtensions
{
    /// <summary>The <c>queue</c> label of the worker's metrics.</summary>
    public static string ToTag(this FireQueue queue) => queue switch
    {
        FireQueue.Main => MetricTags.QueueMain,
        FireQueue.Retry => MetricTags.QueueRetry,
        _ => throw new ArgumentOutOfRangeException(nameof(queue), queue, null),
    };
}
