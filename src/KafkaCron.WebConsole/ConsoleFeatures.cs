using KafkaCron.WebConsole.Control;
using KafkaCron.WebConsole.Runs;

namespace KafkaCron.WebConsole;

/// <summary>
/// Which parts of the console have an implementation behind them: run history, trigger and pause/resume are ports
/// (<see cref="IRunHistory"/>, <see cref="IJobTrigger"/>, <see cref="IJobPauses"/>) that a kcron without them leaves
/// unregistered. The pages then say so, and the API answers 501 for those parts.
/// </summary>
internal sealed record ConsoleFeatures(IRunHistory? History, IJobTrigger? Trigger, IJobPauses? Pauses)
{
    public const string HistoryName = "run history";
    public const string TriggerName = "trigger";
    public const string PausesName = "pause and resume";
}
