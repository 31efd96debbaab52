using KafkaCron.Worker.Pipeline;

namespace KafkaCron.Worker.Overlap;

/// <summary>
/// The runs in progress on this worker, by job. All fires of a job share a partition (key = job) and a partition has
/// one owner, so this worker's view of a job it owns is the whole cluster's: the decision of <c>forbid</c> and
/// <c>replace</c> is taken here, atomically with registering the new run. Thread-safe.
/// </summary>
internal sealed class RunningJobs
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<RunTicket>> _byJob = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers a run of <paramref name="job"/> unless its partition was revoked or <paramref name="policy"/> forbids
    /// it while another runs. The revocation is checked under the same lock as <see cref="StopOnRevoke"/>: a run
    /// either is registered in time to be stopped by the revoke, or sees the revoke and never starts, so no run
    /// slips past a revoke to overlap the partition's next owner.
    /// </summary>
    /// <param name="replaced">The runs the new one replaces; the caller stops them and awaits their end before starting.</param>
    /// <returns>
    /// The new run's ticket, or null when the fire must not run here: its lease is revoked (the new owner runs it) or
    /// forbid found a run in progress.
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
                if (policy == OverlapPolicies.Forbid)
                {
                    return null;
                }

                if (policy == OverlapPolicies.Replace)
                {
                    replaced = [.. running];
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
    /// The runs of <paramref name="lease"/> that must not outlive its revocation (forbid, replace). Call it after
    /// <see cref="PartitionLease.Revoke"/>, so that no later <see cref="TryBegin"/> registers a run on the lease.
    /// </summary>
    public IReadOnlyList<RunTicket> StopOnRevoke(PartitionLease lease)
    {
        lock (_gate)
        {
            return [.. _byJob.Values.SelectMany(r => r).Where(t => ReferenceEquals(t.Lease, lease) && OverlapPolicies.StopsOnRevoke(t.Policy))];
        }
    }
}
