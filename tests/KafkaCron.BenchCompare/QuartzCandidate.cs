using System.Globalization;
using System.Text;
using KafkaCron.Core.Jobs;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Scheduling;
using KafkaCron.Kafka.Publishing;
using Quartz;
using Quartz.Extensibility;

namespace KafkaCron.BenchCompare;

/// <summary>
/// The other side of the comparison, run as a child process: Quartz.NET with its RAMJobStore and default thread pool
/// (10 threads), one cron trigger per job, and a job that publishes the same fire record KafkaCron does (key, value,
/// headers), through the scheduler's own producer (<see cref="FireProducer"/>, built by KafkaCron's factory with the
/// scheduler's settings).
/// </summary>
internal sealed class QuartzCandidate : IJob, IJobFactory, IPublishOutcomes
{
    private readonly FireProducer _producer;
    private readonly string _topic;
    private readonly Dictionary<string, JobDefinition> _jobs;
    private long _failed;

    private QuartzCandidate(FireProducer producer, string topic, Dictionary<string, JobDefinition> jobs)
    {
        _producer = producer;
        _topic = topic;
        _jobs = jobs;
    }

    public static async Task<int> RunAsync(string bootstrap, string cluster, BenchRow row)
    {
        using var clients = ClientFactory.Create(bootstrap);
        using var producer = clients.Factory.CreateFireProducer("quartz-bench");
        var jobs = Enumerable.Range(0, row.Jobs).ToDictionary(
            i => $"job-{i}",
            i => new JobDefinition { Name = $"job-{i}", Schedule = "-", Cluster = cluster, Command = "true" },
            StringComparer.Ordinal);
        var candidate = new QuartzCandidate(producer, clients.Factory.Options.TopicNames.Jobs(cluster), jobs);
        await using var factory = QuartzSchedulerBuilder.Create(quartz =>
        {
            quartz.UseInMemoryStore(_ => { });
            quartz.UseDefaultThreadPool(10);
            quartz.UseJobFactory(candidate);
        }).Build();
        var scheduler = await factory.GetScheduler();
        var triggers = new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>>();
        for (var i = 0; i < row.Jobs; i++)
        {
            var second = row.SecondOf(i)?.ToString(CultureInfo.InvariantCulture) ?? "*";
            var detail = JobBuilder.Create<QuartzCandidate>().WithIdentity($"job-{i}").Build();
            triggers[detail] = [TriggerBuilder.Create().WithCronSchedule($"{second} * * * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)).Build()];
        }

        await scheduler.ScheduleJobs(triggers, new ScheduleJobOptions { Replace = true });
        await scheduler.Start();
        await Console.Out.WriteLineAsync("ready");
        using var stop = new CancellationTokenSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        await Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        await scheduler.Shutdown(waitForJobsToComplete: true);
        producer.Flush(TimeSpan.FromSeconds(15));
        return Interlocked.Read(ref candidate._failed) == 0 ? 0 : 1;
    }

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var job = _jobs[context.JobDetail.Key.Name];
        var scheduledAt = context.ScheduledFireTimeUtc ?? context.FireTimeUtc;
        var fire = FireMessageFactory.Create(job, scheduledAt, TimeProvider.System.GetUtcNow(), Guid.CreateVersion7().ToString(), epoch: null);
        var outgoing = new OutgoingFire(null, job.Cluster, Encoding.UTF8.GetBytes(job.Name), fire.FireId, this)
        {
            Value = FireMessageCodec.Encode(fire),
        };
        if (_producer.Produce(_topic, outgoing) is not null)
        {
            Interlocked.Increment(ref _failed);
        }

        return ValueTask.CompletedTask;
    }

    public void Report(OutgoingFire fire)
    {
        if (fire.Failure is not null)
        {
            Interlocked.Increment(ref _failed);
        }
    }

    // One stateless job instance serves every fire.
    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
        new(new JobScope(this, null));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
