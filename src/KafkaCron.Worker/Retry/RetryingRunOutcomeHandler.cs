using System.Diagnostics;
using Confluent.Kafka;
using KafkaCron.Core.Messages;
using KafkaCron.Core.Retry;
using KafkaCron.Core.Scheduling;
using KafkaCron.Core.Telemetry;
using KafkaCron.Worker.Execution;
using KafkaCron.Worker.Pipeline;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace KafkaCron.Worker.Retry;

/// <summary>
/// After a failed run (non-zero exit, timeout, spawn error): the next attempt to the retry topic while attempts are
/// left, else the fire with its whole history to the dead-letter topic. <see cref="HandleAsync"/> returns only once
/// that write is acknowledged, so the original's offset commits after it (write, then commit). Transient Kafka
/// errors are retried within a bounded budget; a permanent one, or a spent budget, throws, which stops the worker
/// with the fire uncommitted: it is run again rather than lost.
/// </summary>
internal sealed class RetryingRunOutcomeHandler : IRunOutcomeHandler
{
    public const string ReasonAttemptsExhausted = "attempts-exhausted";

    /// <summary>Kept of each stream per attempt in the history: 20 attempts stay far below the message size limit.</summary>
    internal const int TailCharsPerStream = 1024;

    private readonly IFailureWriter _writer;
    private readonly WorkerIdentity _identity;
    private readonly string _retryTopic;
    private readonly string _clientId;
    private readonly KafkaCronMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Func<double> _random;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _writes;

    public RetryingRunOutcomeHandler(
        IFailureWriter writer,
        WorkerIdentity identity,
        string retryTopic,
        WriteRetryBudget budget,
        KafkaCronMetrics metrics,
        TimeProvider time,
        Func<double> random,
        ILogger<RetryingRunOutcomeHandler> logger)
    {
        _writer = writer;
        _identity = identity;
        _retryTopic = retryTopic;
        _clientId = "kcron-worker-" + identity.WorkerId;
        _metrics = metrics;
        _time = time;
        _random = random;
        _logger = logger;
        _writes = budget.MaxRetries == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }
                .AddRetry(new RetryStrategyOptions
                {
                    ShouldHandle = new PredicateBuilder().Handle<FirePublishException>(ex => ex.Kind == PublishFailureKind.Transient),
                    MaxRetryAttempts = budget.MaxRetries,
                    Delay = budget.FirstDelay,
                    MaxDelay = budget.MaxDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    OnRetry = args =>
                    {
                        if (args.Outcome.Exception is { } ex && args.Context.Properties.TryGetValue(WriteTarget, out var target))
                        {
                            CountError(ex);
                            RetryLog.WriteRetrying(_logger, target.Job, target.FireId, target.Topic, args.AttemptNumber + 1, args.RetryDelay, ex.Message);
                        }

                        return default;
                    },
                })
                .Build();
    }

    private static ResiliencePropertyKey<(string Job, string FireId, string Topic)> WriteTarget { get; } = new("kcron.write-target");

    public async ValueTask HandleAsync(FinishedRun run, CancellationToken abort)
    {
        if (run.Result.Outcome == RunOutcome.Succeeded)
        {
            return;
        }

        var fire = run.Fire;
        var outcome = run.Result.Outcome.ToTag();
        var decision = RetryPlanner.Decide(fire, Record(run), _time.GetUtcNow(), _random());
        switch (decision)
        {
            case RetryDecision.Retry retry:
                await WriteAsync(fire, _retryTopic, token => _writer.WriteRetryAsync(retry.Next, token), abort);
                _metrics.RetriesPublished.Add(1, new TagList
                {
                    { MetricTags.Cluster, _identity.Cluster },
                    { MetricTags.Job, fire.Job },
                });
                RetryLog.RetryScheduled(_logger, fire.Job, fire.FireId, fire.Attempt, outcome, retry.Next.Attempt, _retryTopic,
                    retry.Next.NotBefore!.Value, retry.Delay, retry.Next.RemainingAttempts);
                break;
            case RetryDecision.Exhausted exhausted:
                var deadLetter = new DeadLetter
                {
                    Reason = ReasonAttemptsExhausted,
                    Detail = FormattableString.Invariant(
                        $"attempt {fire.Attempt} ended {outcome}{(run.Result.ExitCode is { } code ? $" (exit code {code})" : string.Empty)} and no attempts are left"),
                    SourceTopic = run.Source.Topic,
                    SourcePartition = run.Source.Partition.Value,
                    SourceOffset = run.Source.Offset.Value,
                    DeadLetteredAt = _time.GetUtcNow(),
                    Worker = _identity.WorkerId,
                    Fire = exhausted.Final,
                };
                await WriteAsync(fire, _identity.DeadLetterTopic, token => _writer.WriteDeadLetterAsync(fire.Job, deadLetter, token), abort);
                _metrics.DeadLetters.Add(1, new TagList
                {
                    { MetricTags.Cluster, _identity.Cluster },
                    { MetricTags.Reason, ReasonAttemptsExhausted },
                });
                RetryLog.Exhausted(_logger, fire.Job, fire.FireId, fire.Attempt, outcome, _identity.DeadLetterTopic,
                    exhausted.Final.History?.Count ?? 0);
                break;
            default:
                throw new UnreachableException("RetryPlanner returned an unknown decision");
        }
    }

    /// <summary>What the failed attempt did, as it goes into the fire's history.</summary>
    internal static AttemptRecord Record(FinishedRun run) => new()
    {
        Attempt = run.Fire.Attempt,
        Worker = run.WorkerId,
        StartedAt = run.Result.StartedAt,
        DurationSeconds = run.Result.Duration.TotalSeconds,
        ExitCode = run.Result.ExitCode,
        Outcome = run.Result.Outcome.ToTag(),
        OutputTail = Tail(run.Result),
    };

    private static string? Tail(JobRunResult result)
    {
        var parts = new List<string>(3);
        if (result.Detail is { Length: > 0 } detail)
        {
            parts.Add(detail);
        }

        if (result.StderrTail.Length > 0)
        {
            parts.Add("stderr: " + End(result.StderrTail));
        }

        if (result.StdoutTail.Length > 0)
        {
            parts.Add("stdout: " + End(result.StdoutTail));
        }

        return parts.Count == 0 ? null : string.Join('\n', parts);

        static string End(string text) => text.Length <= TailCharsPerStream ? text : text[^TailCharsPerStream..];
    }

    private async Task WriteAsync(FireMessage fire, string topic, Func<CancellationToken, Task> write, CancellationToken abort)
    {
        var context = ResilienceContextPool.Shared.Get(abort);
        context.Properties.Set(WriteTarget, (fire.Job, fire.FireId, topic));
        try
        {
            await _writes.ExecuteAsync(static async (ctx, write) => await write(ctx.CancellationToken), context, write);
        }
        catch (FirePublishException ex)
        {
            CountError(ex);
            RetryLog.WriteFailed(_logger, fire.Job, fire.FireId, topic, ex.Kind, ex.Message);
            throw new OutcomeWriteException($"the outcome of job {fire.Job} fire {fire.FireId} could not be written to {topic}: {ex.Message}", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private void CountError(Exception ex)
    {
        var code = ex.InnerException is KafkaException kafka ? kafka.Error.Code.ToString() : "unknown";
        _metrics.KafkaClientErrors.Add(1, new TagList
        {
            { MetricTags.Client, _clientId },
            { MetricTags.Code, code },
        });
    }
}
