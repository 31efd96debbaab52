namespace KafkaCron.ZooKeeper.Protocol;

/// <summary>Reserved transaction ids: replies carrying them are not answers to numbered requests.</summary>
internal static class Xids
{
    public const int Notification = -1;
    public const int Ping = -2;
    public const int SetWatches = -8;
}
