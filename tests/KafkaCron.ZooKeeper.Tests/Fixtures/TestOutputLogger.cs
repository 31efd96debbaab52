using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KafkaCron.ZooKeeper.Tests.Fixtures;

/// <summary>Routes the code under test's logs to the test's output, which xunit shows when a test fails.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output, string name) : ILogger
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{Clock.Elapsed.TotalSeconds,8:F3} {logLevel,-11} {name}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; a late log line has nowhere to go.
        }
    }
}

public sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }
}
