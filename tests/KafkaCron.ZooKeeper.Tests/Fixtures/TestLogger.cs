using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>A logger for one component: writes to the test output and keeps the messages for assertions.</summary>
public sealed class TestLogger<T>(ITestOutputHelper output, string name) : ILogger<T>
{
    private readonly TestOutputLogger _output = new(output, name);

    public ConcurrentQueue<string> Messages { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => _output.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Messages.Enqueue(formatter(state, exception));
        _output.Log(logLevel, eventId, state, exception, formatter);
    }
}
