namespace KafkaCron.Core.Scheduling;

/// <summary>A value of a fire message that <see cref="FireTemplate.Encode"/> fills in rather than copies.</summary>
internal enum FireTemplateGap
{
    FireId,
    ScheduledAt,
    PublishedAt,
    Epoch,

    /// <summary>The job's name, written as its key: only where the name needs no JSON escaping.</summary>
    Name,
}
