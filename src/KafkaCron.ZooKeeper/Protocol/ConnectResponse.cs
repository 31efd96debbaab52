namespace KafkaCron.ZooKeeper.Protocol;

/// <summary>The server's answer to <see cref="ConnectRequest"/>. A non-positive timeout means the session expired.</summary>
internal sealed record ConnectResponse(int TimeoutMs, long SessionId, byte[] Password)
{
    public bool SessionExpired => TimeoutMs <= 0;

    public static ConnectResponse Read(JuteReader reader)
    {
        reader.ReadInt();
        var timeout = reader.ReadInt();
        var sessionId = reader.ReadLong();
        var password = reader.ReadBuffer();
        return new ConnectResponse(timeout, sessionId, password);
    }
}
