namespace KafkaCron.Core.Scheduling;

/// <summary>
/// One fire on its way to Kafka: what the record holds (the topic's cluster, the key, the encoded value, the fire id
/// for the header), and where its outcome goes. The one who publishes it keeps it across attempts, putting a new
/// <see cref="Value"/> in it before each.
/// </summary>
/// <param name="fire">The plan's fire this publishes; null for a fire published outside a plan (tools, tests).</param>
public sealed class OutgoingFire(DueFire? fire, string cluster, byte[] key, string fireId, IPublishOutcomes outcomes)
{
    public DueFire? Fire { get; } = fire;

    public string Cluster { get; } = cluster;

    /// <summary>The record key: the job name in UTF-8, so that a job's fires stay in one partition, in order.</summary>
    public byte[] Key { get; } = key;

    /// <summary>The fire id as the message and its header carry it (a UUIDv7 for every fire the scheduler mints; a replayed fire keeps whatever id it had).</summary>
    public string FireId { get; } = fireId;

    /// <summary>The encoded fire message of the current attempt. A publisher may keep it until the outcome.</summary>
    public byte[] Value { get; set; } = [];

    /// <summary>Attempts handed to a publisher so far, counted by whoever publishes the fire.</summary>
    public int Attempts { get; set; }

    /// <summary>Where the broker stored the fire, once <see cref="Delivered"/>.</summary>
    public FireReceipt Receipt { get; private set; }

    /// <summary>Why the latest attempt failed; null after a delivery.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>For publishers: the broker acknowledged the current attempt.</summary>
    public void Delivered(FireReceipt receipt)
    {
        Receipt = receipt;
        Failure = null;
        outcomes.Report(this);
    }

    /// <summary>For publishers: the current attempt failed.</summary>
    public void Failed(Exception failure)
    {
        Failure = failure;
        outcomes.Report(this);
    }
}
