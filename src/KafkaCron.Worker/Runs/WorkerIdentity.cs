namespace KafkaCron.Worker.Runs;

/// <summary>Who this worker is and where its dead letters go.</summary>
internal sealed record WorkerIdentity(string Cluster, string WorkerId, string DeadLetterTopic);
