namespace KafkaCron.Core.Deduplication;

/// <summary>The last <c>capacity</c> distinct keys added, oldest forgotten first. Not thread-safe.</summary>
internal sealed class RecentKeyWindow(int capacity)
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Count => _keys.Count;

    /// <summary>Adds <paramref name="key"/>; false when it is already in the window (it stays where it was).</summary>
    public bool Add(string key)
    {
        if (!_keys.Add(key))
        {
            return false;
        }

        _order.Enqueue(key);
        if (_order.Count > capacity)
        {
            _keys.Remove(_order.Dequeue());
        }

        return true;
    }

    public bool Contains(string key) => _keys.Contains(key);
}
