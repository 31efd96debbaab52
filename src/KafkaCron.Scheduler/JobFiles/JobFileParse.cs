using KafkaCron.Core.Jobs;

namespace KafkaCron.Scheduler.JobFiles;

/// <summary>The shape of <see cref="JobFileParser.Parse"/>, so the monitor can be tested with a parser of its own.</summary>
internal delegate JobFileParseResult JobFileParse(string yaml, string path, IReadOnlyCollection<string> knownClusters);
