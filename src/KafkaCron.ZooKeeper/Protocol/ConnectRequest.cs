namespace KafkaCron.ZooKeeper.Protocol;

/// <summary>The first packet on a connection: opens a session (id 0) or resumes one with its password.</summary>
internal sealed record ConnectRequest(long LastZxidSeen, int TimeoutMs, long SessionId, byte[] Password)
{
    public ReadOnlyMemory<byte> ToPacket()
    {
        var writer = new JuteWriter();
        writer.WriteInt(0);
        writer.WriteLong(LastZxidSeen);
        writer.WriteInt(TimeoutMs);
        writer.WriteLong(SessionId);
        writer.WriteBuffer(Password);
        writer.WriteBool(false);
        return writer.ToPacket();
    }
}
