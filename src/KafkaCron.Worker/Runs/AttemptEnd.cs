namespace KafkaCron.Worker.Runs;

/// <summary>
/// How a fetched message ended here, run or refused. Every value is final: the message's offset may commit once the
/// outcome writer has written what the attempt calls for.
/// </summary>
internal enum AttemptEnd
{
    /// <summary>The job ran; <see cref="Attempt.Result"/> says how (succeeded, failed, timeout, spawn error).</summary>
    Ran,

    /// <summary>concurrencyPolicy forbid and a run of the job was in progress.</summary>
    SkippedOverlap,

    /// <summary>A fire with the same idempotency key was admitted on the partition before (published twice).</summary>
    SkippedDuplicate,

    /// <summary>Published by a deposed leader: its epoch is below the highest seen on the partition.</summary>
    StaleEpoch,

    /// <summary>concurrencyPolicy replace: a newer fire of the job stopped this one (or it never started).</summary>
    Replaced,

    /// <summary>The bytes are not a fire; <see cref="FetchedMessage.Decoded"/> says why. It is dead-lettered.</summary>
    Undecodable,
}
