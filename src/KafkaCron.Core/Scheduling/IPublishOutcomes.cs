namespace KafkaCron.Core.Scheduling;

/// <summary>Where the outcomes of published fires go: called once per publication, from any thread.</summary>
public interface IPublishOutcomes
{
    /// <summary><paramref name="fire"/> holds its outcome: a <see cref="OutgoingFire.Receipt"/> or a <see cref="OutgoingFire.Failure"/>.</summary>
    void Report(OutgoingFire fire);
}
