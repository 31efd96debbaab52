using KafkaCron.Core.Messages;
using KafkaCron.Worker.Overlap;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Pipeline;

/// <summary>A fire the admission stage let through, registered in <see cref="RunningJobs"/>, on its way to a job slot.</summary>
/// <param name="Replaced">Started runs of the job that this one replaces: stopped already, awaited before it starts.</param>
internal sealed record AdmittedRun(FetchedMessage Message, FireMessage Fire, RunTicket Ticket, IReadOnlyList<RunTicket> Replaced);
