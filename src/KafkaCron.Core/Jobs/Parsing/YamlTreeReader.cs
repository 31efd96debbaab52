using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>
/// Reads YAML text into <see cref="YamlNode"/>s from YamlDotNet's parser events, keeping each node's position.
/// Aliases resolve to the anchored node; merge keys (<c>&lt;&lt;</c>) are not expanded.
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>
    /// The single document's root, or null when the text holds no document or is not valid YAML (a problem says
    /// which). Never throws.
    /// </summary>
    public static YamlNode? Read(string text, ProblemList problems)
    {
        var parser = new Parser(new StringReader(text));
        var builder = new TreeBuilder(problems);
        Mark last = Mark.Empty;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                last = current.End;
                if (!builder.Accept(current))
                {
                    return null;
                }
            }
        }
        catch (YamlException e)
        {
            problems.Add(LineOf(e.Start), ColumnOf(e.Start), $"YAML syntax error: {e.Message}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet 18 throws this instead of a YamlException for some malformed flow collections.
            problems.Add(LineOf(last), ColumnOf(last), "YAML syntax error: cannot parse past this point (an unclosed [ or {?)");
            return null;
        }

        return builder.Root;
    }

    private static int LineOf(Mark mark) => (int)Math.Clamp(mark.Line, 1, int.MaxValue);

    private static int ColumnOf(Mark mark) => (int)Math.Clamp(mark.Column, 1, int.MaxValue);

    private sealed class TreeBuilder(ProblemList problems)
    {
        private readonly Stack<Open> open = new();
        private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);

        // One instance per distinct text: a file of 100,000 jobs repeats its keys and most of its values (schedule,
        // cluster, command) on every job, and the jobs keep these strings after the tree is gone.
        private readonly HashSet<string> texts = new(StringComparer.Ordinal);
        private int documents;

        public YamlNode? Root { get; private set; }

        /// <summary>Takes the next event; false stops reading (a problem has been added).</summary>
        public bool Accept(ParsingEvent e)
        {
            switch (e)
            {
                case DocumentStart:
                    documents++;
                    if (documents > 1)
                    {
                        problems.Add(LineOf(e.Start), ColumnOf(e.Start), "a job file holds one YAML document; found a second one ('---')");
                        return false;
                    }

                    return true;
                case Scalar scalar:
                    return Add(new YamlScalar(LineOf(scalar.Start), ColumnOf(scalar.Start), Shared(scalar.Value), scalar.Style == ScalarStyle.Plain), scalar);
                case AnchorAlias alias:
                    if (anchors.TryGetValue(alias.Value.Value, out var target))
                    {
                        return Add(target, null);
                    }

                    problems.Add(LineOf(alias.Start), ColumnOf(alias.Start), $"YAML alias '*{alias.Value.Value}' refers to no anchor defined before it");
                    return false;
                case SequenceStart sequence:
                    open.Push(new Open(sequence, []));
                    return true;
                case MappingStart mapping:
                    open.Push(new Open(mapping, []));
                    return true;
                case SequenceEnd:
                    {
                        var done = open.Pop();
                        return Add(new YamlSequence(LineOf(done.Start.Start), ColumnOf(done.Start.Start), [.. done.Items]), done.Start);
                    }

                case MappingEnd:
                    {
                        var done = open.Pop();
                        var entries = new YamlEntry[done.Items.Count / 2];
                        for (var i = 0; i < entries.Length; i++)
                        {
                            entries[i] = new YamlEntry(done.Items[2 * i], done.Items[(2 * i) + 1]);
                        }

                        return Add(new YamlMapping(LineOf(done.Start.Start), ColumnOf(done.Start.Start), entries), done.Start);
                    }

                default:
                    return true;
            }
        }

        private string Shared(string text)
        {
            if (texts.TryGetValue(text, out var kept))
            {
                return kept;
            }

            texts.Add(text);
            return text;
        }

        private bool Add(YamlNode node, NodeEvent? anchored)
        {
            if (anchored is not null && !anchored.Anchor.IsEmpty)
            {
                anchors[anchored.Anchor.Value] = node;
            }

            if (open.Count == 0)
            {
                Root = node;
            }
            else
            {
                open.Peek().Items.Add(node);
            }

            return true;
        }

        private sealed record Open(NodeEvent Start, List<YamlNode> Items);
    }
}
