using System.Reflection;
using Microsoft.Extensions.Logging;

namespace KafkaCron.Integration.Tests.Logging;

/// <summary>
/// Event ids are how runbooks, docs and log queries name a line, so within one program each id must mean one thing.
/// Programs are the assemblies one process loads; the scheduler and the worker are separate processes.
/// </summary>
public sealed class LogEventIdTests
{
    public static TheoryData<string, string[]> Programs => new()
    {
        { "kcron worker", ["KafkaCron.Worker", "KafkaCron.Kafka", "KafkaCron.Core"] },
        { "kcron scheduler", ["KafkaCron.Scheduler", "KafkaCron.Kafka", "KafkaCron.ZooKeeper", "KafkaCron.Core"] },
        { "kcron console", ["KafkaCron.WebConsole", "KafkaCron.Kafka", "KafkaCron.ZooKeeper", "KafkaCron.Core"] },
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public void EventIds_WithinOneProgram_AreEachUsedOnce(string program, string[] assemblies)
    {
        var messages = assemblies
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .SelectMany(type => type.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(method => (Method: $"{method.DeclaringType!.FullName}.{method.Name}", Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        var clashes = messages
            .GroupBy(m => m.Attribute!.EventId)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method))}")
            .ToList();

        Assert.NotEmpty(messages);
        Assert.True(clashes.Count == 0, $"{program} uses an event id twice:\n{string.Join("\n", clashes)}");
    }
}
