namespace KafkaCron.ZooKeeper.Protocol;

internal readonly record struct ReplyHeader(int Xid, long Zxid, int Error)
{
    public static ReplyHeader Read(JuteReader reader) => new(reader.ReadInt(), reader.ReadLong(), reader.ReadInt());
}
