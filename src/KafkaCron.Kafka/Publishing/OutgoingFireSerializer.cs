using Confluent.Kafka;
using KafkaCron.Core.Scheduling;

namespace KafkaCron.Kafka.Publishing;

/// <summary>
/// Serialises a fire's record key or value: bytes the fire already holds (its job's key, its encoded message), so a
/// produce copies them and computes nothing. The fire itself is the record's key object, which librdkafka's
/// delivery report hands back: one delivery handler serves every fire, without a closure per fire.
/// </summary>
internal sealed class OutgoingFireSerializer : ISerializer<OutgoingFire>
{
    private readonly bool _value;

    private OutgoingFireSerializer(bool value) => _value = value;

    public static OutgoingFireSerializer Key { get; } = new(value: false);

    public static OutgoingFireSerializer Value { get; } = new(value: true);

    public byte[] Serialize(OutgoingFire data, SerializationContext context) => _value ? data.Value : data.Key;
}
