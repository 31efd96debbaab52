using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>One operation of an atomic multi: all apply or none.</summary>
internal abstract record ZooKeeperOp(string Path)
{
    internal abstract OpCode Code { get; }

    internal abstract void Write(JuteWriter writer);

    /// <summary>Succeeds only if <see cref="ZooKeeperOp.Path"/> exists with <paramref name="Version"/> (-1: any version).</summary>
    public sealed record Check(string Path, int Version) : ZooKeeperOp(Path)
    {
        internal override OpCode Code => OpCode.Check;

        internal override void Write(JuteWriter writer)
        {
            writer.WriteString(Path);
            writer.WriteInt(Version);
        }
    }

    public sealed record SetData(string Path, byte[] Data, int Version) : ZooKeeperOp(Path)
    {
        internal override OpCode Code => OpCode.SetData;

        internal override void Write(JuteWriter writer)
        {
            writer.WriteString(Path);
            writer.WriteBuffer(Data);
            writer.WriteInt(Version);
        }
    }

    public sealed record Create(string Path, byte[] Data, CreateMode Mode) : ZooKeeperOp(Path)
    {
        internal override OpCode Code => OpCode.Create;

        internal override void Write(JuteWriter writer) => Requests.WriteCreate(writer, Path, Data, Mode);
    }

    public sealed record Delete(string Path, int Version) : ZooKeeperOp(Path)
    {
        internal override OpCode Code => OpCode.Delete;

        internal override void Write(JuteWriter writer)
        {
            writer.WriteString(Path);
            writer.WriteInt(Version);
        }
    }
}
