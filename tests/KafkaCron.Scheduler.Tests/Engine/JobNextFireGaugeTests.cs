using KafkaCron.Core.Telemetry;
using KafkaCron.Scheduler.Engine;
using KafkaCron.Testing;
using static KafkaCron.Scheduler.Tests.TestSupport.Jobs;

namespace KafkaCron.Scheduler.Tests.Engine;

public sealed class JobNextFireGaugeTests
{
    private static readonly DateTimeOffset? Next = T0.AddSeconds(10);

    [Fact]
    public void RecordAll_AtMostTheCap_RecordsEveryJob()
    {
        using var metrics = new MetricsRecorder();
        var gauge = new JobNextFireGauge(metrics.Metrics, maxJobs: 2);

        gauge.RecordAll(2, [KeyValuePair.Create("a", Next), KeyValuePair.Create("b", Next)]);

        Assert.True(gauge.Enabled);
        Assert.Equal(["a", "b"], metrics.Of(KafkaCronMetricsNames.JobNextFire).Select(m => m.Tags[MetricTags.Job]));
    }

    [Fact]
    public void RecordAll_MoreJobsThanTheCap_RetiresRecordedSeriesAndRecordsNoMore()
    {
        using var metrics = new MetricsRecorder();
        var gauge = new JobNextFireGauge(metrics.Metrics, maxJobs: 2);
        gauge.RecordAll(1, [KeyValuePair.Create("a", Next)]);

        gauge.RecordAll(3, [KeyValuePair.Create("a", Next), KeyValuePair.Create("b", Next), KeyValuePair.Create("c", Next)]);
        gauge.Record("b", Next);

        Assert.False(gauge.Enabled);
        var retired = metrics.Of(KafkaCronMetricsNames.JobNextFire)[^1];
        Assert.Equal(("a", double.PositiveInfinity), ((string)retired.Tags[MetricTags.Job]!, retired.Value));
        Assert.Equal(2, metrics.Of(KafkaCronMetricsNames.JobNextFire).Count);
    }

    [Fact]
    public void RecordAll_JobRemovedOrEnded_RecordsItAsInfinity()
    {
        using var metrics = new MetricsRecorder();
        var gauge = new JobNextFireGauge(metrics.Metrics, maxJobs: 10);
        gauge.RecordAll(2, [KeyValuePair.Create("a", Next), KeyValuePair.Create("b", Next)]);

        gauge.RecordAll(1, [KeyValuePair.Create("a", Next)]);
        gauge.Record("a", null);

        Assert.Equal(
            [("b", double.PositiveInfinity), ("a", double.PositiveInfinity)],
            metrics.Of(KafkaCronMetricsNames.JobNextFire).Skip(3).Select(m => ((string)m.Tags[MetricTags.Job]!, m.Value)));
    }

    [Fact]
    public void Record_JobNeverRecordedAndWithoutNextFire_RecordsNothing()
    {
        using var metrics = new MetricsRecorder();
        var gauge = new JobNextFireGauge(metrics.Metrics, maxJobs: 10);

        gauge.Record("suspended", null);

        Assert.Empty(metrics.Of(KafkaCronMetricsNames.JobNextFire));
    }
}
