using KafkaCron.Core.Jobs;
using KafkaCron.Worker.Runs;

namespace KafkaCron.Worker.Overlap;

/// <summary>
/// The runs admitted or in progress on this worker, by job. All fires of a job share a partition (key = job) and a
/// partition has one owner, so this worker's view of a job it owns is the whole cluster's: the decision of
/// <c>forbid</c> and <c>replace</c> is taken here, atomically with registering the new run. The admission stage
/// registers runs in partition order (<see cref="TryBegin"/>); a job slot starts them (<see cref="TryStart"/>).
/// Thread-safe.
/// </summary>
internal sealed class RunningJobs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RunTicket>> _byJob = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a run of <paramref name="job"/> unless its partition was revoked or <paramref name="policy"/> forbids
    /// it while another is admitted or runs. Under replace, earlier runs that no slot started yet are replaced here and
    /// end at once; the ones already running are returned to be stopped.
    /// </summary>
    /// <param name="replaced">The started runs the new one replaces; the caller stops them, and the new run awaits their end before starting.</param>
    /// <returns>
    /// The new run's ticket, or null when the fire must not run here: its lease is revoked (the new owner runs it) or
    /// forbid found a run admitted or in progress.
    /// </returns>
    public RunTicket? TryBegin(string job, string policy, PartitionLease lease, out IReadOnlyList<RunTicket> replaced)
    {
        lock (_gate)
        {
            replaced = [];
            if (lease.Revoked)
            {
                return null;
            }

            _byJob.TryGetValue(job, out var running);
            if (running is { Count: > 0 })
            {
                if (policy == ConcurrencyPolicyNames.Forbid)
                {
                    return null;
                }

                if (policy == ConcurrencyPolicyNames.Replace)
                {
                    replaced = [.. running.Where(t => t.Started)];
                    // Nothing to stop in a run that never started: it ends now, and its slot reports it replaced.
                    foreach (var waiting in running.Where(t => !t.Started))
                    {
                        waiting.Replace();
                        waiting.MarkEnded();
                    }

                    running.RemoveAll(t => !t.Started);
                }
            }

            var ticket = new RunTicket(job, policy, lease);
            if (running is null)
            {
                running = [];
                _byJob[job] = running;
            }

            running.Add(ticket);
            return ticket;
        }
    }

    /// <summary>
    /// A job slot is about to start the run. Checked under the same lock as <see cref="StopOnRevoke"/> and
    /// <see cref="TryBegin"/>: a run either is started in time to be stopped by a revoke or a replace, or sees it and
    /// never starts, so no run slips past a revoke to overlap the partition's next owner.
    /// </summary>
    /// <returns>False when the run must not start: it was replaced, or its partition was revoked.</returns>
    public bool TryStart(RunTicket ticket)
    {
        lock (_gate)
        {
            if (ticket.Replaced || ticket.Revoked || ticket.Lease.Revoked)
            {
                return false;
            }

            ticket.MarkStarted();
            return true;
        }
    }

    public void End(RunTicket ticket)
    {
        lock (_gate)
        {
            if (_byJob.TryGetValue(ticket.Job, out var running) && running.Remove(ticket) && running.Count == 0)
            {
                _byJob.Remove(ticket.Job);
            }
        }

        ticket.MarkEnded();
    }

    /// <summary>
    /// The started runs of <paramref name="lease"/> that must not outlive its revocation (forbid, replace). Runs of the
    /// lease that no slot started yet are dropped: they never start (<see cref="TryStart"/> sees the revoke) and must
    /// not block the job's fires on the partition's next lease. Call it after <see cref="PartitionLease.Revoke"/>.
    /// </summary>
    public IReadOnlyList<RunTicket> StopOnRevoke(PartitionLease lease)
    {
        lock (_gate)
        {
            var stop = new List<RunTicket>();
            foreach (var (job, runs) in _byJob.ToList())
            {
                foreach (var ticket in runs.Where(t => ReferenceEquals(t.Lease, lease)).ToList())
                {
                    if (!ticket.Started)
                    {
                        runs.Remove(ticket);
                        ticket.MarkEnded();
                    }
                    else if (StopsOnRevoke(ticket.Policy))
                    {
                        stop.Add(ticket);
                    }
                }

                if (runs.Count == 0)
                {
                    _byJob.Remove(job);
                }
            }

            return stop;
        }
    }

    /// <summary>Runs under these policies are stopped when their partition moves, so the new owner never overlaps them.</summary>
    private static bool StopsOnRevoke(string policy) => policy is ConcurrencyPolicyNames.Forbid or ConcurrencyPolicyNames.Replace;
}
