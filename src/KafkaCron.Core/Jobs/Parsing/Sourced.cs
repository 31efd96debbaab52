namespace KafkaCron.Core.Jobs.Parsing;

/// <summary>A value read from the file with the node it came from, for pointing problems at it.</summary>
internal readonly record struct Sourced<T>(T Value, YamlNode Node);
