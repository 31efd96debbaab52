namespace KafkaCron.Kafka.Mock;

public sealed record MockBrokerStatus(string BootstrapServers, IReadOnlyList<MockBrokerNode> Brokers, IReadOnlyList<MockTopic> Topics);

public sealed record MockBrokerNode(int Id, string Address, bool Up);

public sealed record MockTopic(string Name, int Partitions);
