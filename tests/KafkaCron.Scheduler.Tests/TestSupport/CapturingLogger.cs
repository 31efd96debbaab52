using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Scheduler.Tests.TestSupport;

/// <summary>Keeps every log entry with its structured values.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ConcurrentDictionary<int, LogEntry> _lastByEvent = new();
    private long _sequence;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IReadOnlyList<LogEntry> OfEvent(int eventId) => [.. _entries.Where(e => e.EventId == eventId)];

    /// <summary>The latest entry with any of the given event ids.</summary>
    public LogEntry? LastOf(params int[] eventIds) =>
        eventIds.Select(id => _lastByEvent.GetValueOrDefault(id)).MaxBy(e => e?.Sequence ?? 0);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        var entry = new LogEntry(Interlocked.Increment(ref _sequence), logLevel, eventId.Id, formatter(state, exception),
            values.ToDictionary(pair => pair.Key, pair => pair.Value), exception);
        _entries.Enqueue(entry);
        _lastByEvent[eventId.Id] = entry;
    }
}

internal sealed record LogEntry(long Sequence, LogLevel Level, int EventId, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
