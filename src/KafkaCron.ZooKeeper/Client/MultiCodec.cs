using KafkaCron.ZooKeeper.Protocol;

namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// MultiRequest and MultiResponse: each op behind a MultiHeader (type, done, err), closed by a header with type
/// -1 and done set. A failed multi answers every op with an ErrorResult: Ok for those before the culprit,
/// the culprit's code, RuntimeInconsistency for those after.
/// </summary>
internal static class MultiCodec
{
    public static void Write(JuteWriter writer, IReadOnlyList<ZooKeeperOp> ops)
    {
        foreach (var op in ops)
        {
            WriteHeader(writer, (int)op.Code, done: false);
            op.Write(writer);
        }

        WriteHeader(writer, -1, done: true);
    }

    public static IReadOnlyList<OpResult> Read(JuteReader reader, IReadOnlyList<ZooKeeperOp> ops)
    {
        var results = new List<OpResult>(ops.Count);
        while (true)
        {
            var type = reader.ReadInt();
            var done = reader.ReadBool();
            reader.ReadInt();
            if (done)
            {
                break;
            }

            var op = results.Count < ops.Count
                ? ops[results.Count]
                : throw new InvalidDataException("multi response has more results than ops");
            switch ((OpCode)type)
            {
                case OpCode.Error:
                    var error = (ZooKeeperErrorCode)reader.ReadInt();
                    if (error is not ZooKeeperErrorCode.Ok and not ZooKeeperErrorCode.RuntimeInconsistency)
                    {
                        throw ZooKeeperException.Create(error, op.Path);
                    }

                    results.Add(new OpResult(null, null));
                    break;
                case OpCode.Create:
                    results.Add(new OpResult(reader.ReadString(), null));
                    break;
                case OpCode.SetData:
                    results.Add(new OpResult(null, Stat.Read(reader)));
                    break;
                case OpCode.Check:
                case OpCode.Delete:
                    results.Add(new OpResult(null, null));
                    break;
                default:
                    throw new InvalidDataException($"multi response has an unexpected op type {type}");
            }
        }

        return results;
    }

    private static void WriteHeader(JuteWriter writer, int type, bool done)
    {
        writer.WriteInt(type);
        writer.WriteBool(done);
        writer.WriteInt(-1);
    }
}
