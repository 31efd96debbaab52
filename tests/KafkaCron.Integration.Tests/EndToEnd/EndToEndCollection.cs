namespace KafkaCron.Integration.Tests.EndToEnd;

/// <summary>
/// Multi-process runs share two cores with everything else; running them one at a time keeps their timing
/// (and so their start delays) meaningful.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
