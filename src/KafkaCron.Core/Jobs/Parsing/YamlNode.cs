using KafkaCron.Core.Text;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>
/// A node of a YAML document with its position (1-based line and column), as far as the job file needs: plain
/// text, lists and maps. Keys keep their order and duplicates, so that both can be reported.
/// </summary>
internal abstract record YamlNode(int Line, int Column)
{
    /// <summary>How the node is named in "expected X, found Y" messages.</summary>
    public abstract string Describe();
}

internal sealed record YamlScalar(int Line, int Column, string Value, bool IsPlain) : YamlNode(Line, Column)
{
    /// <summary>A plain <c>~</c>, <c>null</c> or nothing at all: YAML's null, not an empty string.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "an empty value" : Quote.Of(Value);
}

internal sealed record YamlSequence(int Line, int Column, IReadOnlyList<YamlNode> Items) : YamlNode(Line, Column)
{
    public override string Describe() => "a list";
}

internal sealed record YamlMapping(int Line, int Column, IReadOnlyList<YamlEntry> Entries) : YamlNode(Line, Column)
{
    public override string Describe() => "a mapping";
}

// A struct, kept inline in its mapping's array: a file of 100,000 jobs has 400,000 entries or more.
internal readonly record struct YamlEntry(YamlNode Key, YamlNode Value);
