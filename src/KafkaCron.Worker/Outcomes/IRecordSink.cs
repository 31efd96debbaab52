namespace KafkaCron.Worker.Outcomes;

/// <summary>Where the outcome writer's records go: Kafka, through the worker's idempotent acks=all producer.</summary>
internal interface IRecordSink
{
    /// <summary>
    /// Completes once the record is acknowledged; throws <see cref="Core.Scheduling.FirePublishException"/> with the
    /// kind of failure otherwise.
    /// </summary>
    Task WriteAsync(OutcomeRecord record, CancellationToken cancellationToken);
}
