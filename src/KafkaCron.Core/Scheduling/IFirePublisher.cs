namespace KafkaCron.Core.Scheduling;

/// <summary>Puts fires on their cluster's topic without waiting for the broker.</summary>
public interface IFirePublisher
{
    /// <summary>
    /// Hands <paramref name="fire"/> over and returns without waiting for the broker. The publisher reports the
    /// outcome exactly once, through <see cref="OutgoingFire.Delivered"/> or <see cref="OutgoingFire.Failed"/>, from
    /// whatever thread learns it (possibly before this call returns); a failure is a
    /// <see cref="FirePublishException"/> that says whether trying again may help. Called from one thread at a time.
    /// </summary>
    void Publish(OutgoingFire fire);
}
