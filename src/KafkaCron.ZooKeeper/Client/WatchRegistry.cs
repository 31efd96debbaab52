namespace KafkaCron.ZooKeeper.Client;

/// <summary>
/// The client's record of armed one-shot watches. Survives reconnects (the paths are re-sent with SetWatches)
/// and fails every waiter when the session ends.
/// </summary>
internal sealed class WatchRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<TaskCompletionSource<WatchedEvent>>>[] _watches =
        [new(StringComparer.Ordinal), new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    private Exception? _ended;

    /// <summary>Called from the read loop while it handles the reply that armed the watch, before any later notification.</summary>
    public void Add(WatchKind kind, string path, TaskCompletionSource<WatchedEvent> waiter)
    {
        lock (_lock)
        {
            if (_ended is not null)
            {
                waiter.TrySetException(_ended);
                return;
            }

            var byPath = _watches[(int)kind];
            if (!byPath.TryGetValue(path, out var waiters))
            {
                waiters = [];
                byPath[path] = waiters;
            }

            waiters.Add(waiter);
        }
    }

    /// <summary>Completes the waiters the event concerns; the kinds follow the server's trigger rules.</summary>
    public void Trigger(WatchedEvent watchedEvent)
    {
        var fired = new List<TaskCompletionSource<WatchedEvent>>();
        lock (_lock)
        {
            switch (watchedEvent.Type)
            {
                case WatchEventType.NodeCreated:
                case WatchEventType.NodeDataChanged:
                    Take(WatchKind.Data, watchedEvent.Path, fired);
                    Take(WatchKind.Exist, watchedEvent.Path, fired);
                    break;
                case WatchEventType.NodeDeleted:
                    Take(WatchKind.Data, watchedEvent.Path, fired);
                    Take(WatchKind.Exist, watchedEvent.Path, fired);
                    Take(WatchKind.Child, watchedEvent.Path, fired);
                    break;
                case WatchEventType.NodeChildrenChanged:
                    Take(WatchKind.Child, watchedEvent.Path, fired);
                    break;
            }
        }

        foreach (var waiter in fired)
        {
            waiter.TrySetResult(watchedEvent);
        }
    }

    public (IReadOnlyList<string> Data, IReadOnlyList<string> Exist, IReadOnlyList<string> Child) Snapshot()
    {
        lock (_lock)
        {
            return ([.. _watches[0].Keys], [.. _watches[1].Keys], [.. _watches[2].Keys]);
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_lock)
            {
                return _watches.All(byPath => byPath.Count == 0);
            }
        }
    }

    /// <summary>Fails every armed and future watch: the session that held them is gone.</summary>
    public void End(Exception reason)
    {
        var failed = new List<TaskCompletionSource<WatchedEvent>>();
        lock (_lock)
        {
            _ended ??= reason;
            foreach (var byPath in _watches)
            {
                failed.AddRange(byPath.Values.SelectMany(waiters => waiters));
                byPath.Clear();
            }
        }

        foreach (var waiter in failed)
        {
            waiter.TrySetException(reason);
        }
    }

    private void Take(WatchKind kind, string path, List<TaskCompletionSource<WatchedEvent>> into)
    {
        if (_watches[(int)kind].Remove(path, out var waiters))
        {
            into.AddRange(waiters);
        }
    }
}
