namespace KafkaCron.Integration.Tests.Chaos;

/// <summary>
/// What the workers held during a drill, from their metrics as Prometheus scraped them: the most fetched-but-
/// unfinished fires one worker held (<c>kcron_pipeline_occupancy</c>), the largest consumer lag of a partition (what
/// waited in Kafka), and the largest working set of a worker before the break and at its peak.
/// </summary>
internal sealed record WorkerLoad(int PeakHeld, long PeakLag, double WorkingSetBeforeMiB, double PeakWorkingSetMiB);
