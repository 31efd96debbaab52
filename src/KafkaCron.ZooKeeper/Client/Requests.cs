using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>Request bodies shared by single operations and multi.</summary>
internal static class Requests
{
    /// <summary>ZooDefs.Perms.ALL for scheme "world", id "anyone": KafkaCron's znodes hold no secrets.</summary>
    private const int AllPermissions = 31;

    public static void WriteCreate(JuteWriter writer, string path, byte[] data, CreateMode mode)
    {
        writer.WriteString(path);
        writer.WriteBuffer(data);
        writer.WriteInt(1);
        writer.WriteInt(AllPermissions);
        writer.WriteString("world");
        writer.WriteString("anyone");
        writer.WriteInt((int)mode);
    }

    public static void WritePathAndWatch(JuteWriter writer, string path, bool watch)
    {
        writer.WriteString(path);
        writer.WriteBool(watch);
    }
}
